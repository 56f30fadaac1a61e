namespace KissChat.Jobs.Contracts;

public enum JobStreamItemKind
{
    /// <summary>One frame of the job: its id and JSON.</summary>
    Frame,

    /// <summary>Nothing happened for a while; a sign of life keeps proxies from closing the connection.</summary>
    KeepAlive,

    /// <summary>The job has ended and every frame was given; the id is the one after the last frame.</summary>
    Done,
}

/// <param name="Id">The frame's number, which is its SSE id.</param>
/// <param name="Data">The frame's JSON (a <see cref="JobStreamItemKind.Frame"/> only).</param>
public readonly record struct JobStreamItem(JobStreamItemKind Kind, int Id, string Data)
{
    public static readonly JobStreamItem KeepAlive = new(JobStreamItemKind.KeepAlive, 0, string.Empty);

    public static JobStreamItem Done(int id) => new(JobStreamItemKind.Done, id, string.Empty);
}

namespace KissChat.Jobs.Contracts;

/// <summary>
/// Which places a kind of job runs in. Someone waits on every interactive job; a background job (a chat's memory
/// summary) has places of its own, so it never keeps a reply from starting and a busy server still gets to it.
/// </summary>
public enum JobLane
{
    /// <summary>One of <c>Jobs:Concurrency</c>.</summary>
    Interactive,

    /// <summary>One of <c>Jobs:BackgroundConcurrency</c>.</summary>
    Background,
}

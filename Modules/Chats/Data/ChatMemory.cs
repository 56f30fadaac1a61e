namespace KissChat.Chats.Data;

/// <summary>
/// A chat's running summary: what the messages up to <see cref="ThroughSeq"/> said, carried by the prompt in place of
/// the ones that no longer fit its budget. One per chat, made when the first summary is queued or written.
/// </summary>
internal sealed class ChatMemory
{
    public const int MaxErrorLength = 2000;

    /// <summary>Its own id, not the chat's: the subject of its summary jobs, which must not make the chat look busy.</summary>
    public Guid Id { get; init; }

    public Guid ChatId { get; init; }

    public string Summary { get; set; } = string.Empty;

    /// <summary>The summary covers the chat's messages up to this position (0: none yet).</summary>
    public int ThroughSeq { get; set; }

    /// <summary>
    /// A covered message was edited, hidden, deleted or swiped (the summary went back to its snapshot before it), or a
    /// rebuild was asked for (the snapshots went; the summary stays until the first round replaces it): the summary job goes
    /// on from the newest snapshot, or from the first message.
    /// </summary>
    public bool Stale { get; set; }

    /// <summary>Bumped by every change, so a summary job never overwrites what the user or an edit did meanwhile.</summary>
    public int Version { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>Why the last attempt failed; cleared by the next success.</summary>
    public string? LastError { get; set; }

    /// <summary>Failed attempts in a row.</summary>
    public int Attempts { get; set; }

    /// <summary>After a failure: not tried again before this.</summary>
    public DateTime? RetryAt { get; set; }
}

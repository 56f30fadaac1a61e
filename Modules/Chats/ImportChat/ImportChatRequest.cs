namespace KissChat.Chats.ImportChat;

/// <summary>
/// The multipart form of an import as the API document shows it. The endpoint reads the form itself, so that a file over
/// the configured size is a 413 before it is read.
/// </summary>
internal sealed class ImportChatRequest
{
    /// <summary>A SillyTavern <c>.jsonl</c> chat file.</summary>
    public IFormFile? File { get; set; }

    /// <summary>The character to attach the chat to: yours, or a public one you may chat with.</summary>
    public Guid? CharacterId { get; set; }

    /// <summary>Instead of <c>character_id</c>: a group chat's characters, in turn order; each reply's <c>name</c> in the file is one of theirs.</summary>
    public List<Guid>? CharacterIds { get; set; }

    /// <summary>Your time zone (IANA, e.g. Europe/Berlin): SillyTavern's "June 19, 2023 2:20pm" times are in it; UTC when left out.</summary>
    public string? TimeZone { get; set; }

    /// <summary>True to leave out the message lines that cannot be read (listed in the answer's <c>skipped_lines</c>) rather than refuse the file.</summary>
    public bool? SkipUnreadableLines { get; set; }
}

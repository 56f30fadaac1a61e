using KissChat.Kernel.Database;

namespace KissChat.Characters.Data;

/// <summary>
/// A character a user designed or imported. Every attribute but the name is optional; blank ones are stored as null.
/// Typed text is trimmed; a card's text is stored as written (see Cards/CardValues).
/// </summary>
internal sealed class Character : IOwnedRecord
{
    public Guid Id { get; init; }

    public Guid UserId { get; init; }

    public required string Name { get; set; }

    public string? Gender { get; set; }

    public string? Heritage { get; set; }

    public int? Age { get; set; }

    public string? SkinTone { get; set; }

    public string? EyeColor { get; set; }

    public string? HairColor { get; set; }

    public string? Hairstyle { get; set; }

    public string? BodyType { get; set; }

    public string? BreastSize { get; set; }

    public string? ButtSize { get; set; }

    public string? PublicDescription { get; set; }

    public IReadOnlyList<string> Tags { get; set; } = [];

    public string? Voice { get; set; }

    public string? Personality { get; set; }

    public string? Occupation { get; set; }

    public string? Hobbies { get; set; }

    public string? Scenario { get; set; }

    public string? Greeting { get; set; }

    /// <summary>More first messages, offered as swipes of the greeting.</summary>
    public IReadOnlyList<string> AlternateGreetings { get; set; } = [];

    public string? MesExample { get; set; }

    public string? Backstory { get; set; }

    public string? SystemInstruction { get; set; }

    public string? PostHistoryInstructions { get; set; }

    /// <summary>For people browsing the character, never for the model.</summary>
    public string? CreatorNotes { get; set; }

    /// <summary>
    /// JSON: the character card this character was imported from, as written (minus its spec and our own extension),
    /// so exporting gives the same card back: its lorebook, extensions and creator, and each mapped member byte for byte
    /// while the column still says the same. Null when not imported. Imports before issue #16 kept only the members
    /// without a column; their columns are exported as they are.
    /// </summary>
    public string? CardExtras { get; set; }

    public bool AiGeneratedBehavior { get; set; }

    public string? BehaviorPreferences { get; set; }

    public string? AvatarUrl { get; set; }

    public string? CustomPhysicalTraits { get; set; }

    public string? CustomDescriptions { get; set; }

    public string Visibility { get; set; } = CharacterVisibility.Private;

    /// <summary>How many chats were ever started with it: the "popular" order of the public library.</summary>
    public int ChatCount { get; set; }

    /// <summary>Adult content, set by its author or an administrator: shown to others only when they opted in and are adults.</summary>
    public bool Nsfw { get; set; }

    /// <summary>Whether people other than the author may read what shapes the prompt (see <see cref="CharacterDefinition"/>).</summary>
    public string DefinitionVisibility { get; set; } = Data.DefinitionVisibility.Public;

    /// <summary>How many users like it, kept in step with <see cref="CharacterLike"/> rows: the "most liked" order.</summary>
    public int LikeCount { get; set; }

    /// <summary>Set when an administrator hid it: gone from every public place, still readable to its author.</summary>
    public DateTime? HiddenAt { get; set; }

    /// <summary>Why an administrator hid it, for its author.</summary>
    public string? HiddenReason { get; set; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; set; }
}

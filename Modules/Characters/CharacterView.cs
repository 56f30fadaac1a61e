using System.Linq.Expressions;
using System.Text.Json.Nodes;
using KissChat.Characters.Cards;
using KissChat.Characters.Data;

namespace KissChat.Characters;

/// <summary>
/// A character as the API shows it. Others than its author see a public character's definition only when its author
/// allows it (<see cref="CharacterDefinition"/>); <c>hidden_at</c> and <c>hidden_reason</c> are only ever set on
/// characters nobody but the author can read. <c>character_id</c> and <c>character_user_id</c> keep the seed's names.
/// </summary>
internal sealed record CharacterView
{
    public required Guid CharacterId { get; init; }

    public required Guid CharacterUserId { get; init; }

    public required string Name { get; init; }

    public string? Gender { get; init; }

    public string? Heritage { get; init; }

    public int? Age { get; init; }

    public string? SkinTone { get; init; }

    public string? EyeColor { get; init; }

    public string? HairColor { get; init; }

    public string? Hairstyle { get; init; }

    public string? BodyType { get; init; }

    public string? BreastSize { get; init; }

    public string? ButtSize { get; init; }

    public string? PublicDescription { get; init; }

    public required IReadOnlyList<string> Tags { get; init; }

    public string? Voice { get; init; }

    public string? Personality { get; init; }

    public string? Occupation { get; init; }

    public string? Hobbies { get; init; }

    public string? Scenario { get; init; }

    public string? Greeting { get; init; }

    public required IReadOnlyList<string> AlternateGreetings { get; init; }

    public string? MesExample { get; init; }

    public string? Backstory { get; init; }

    public string? SystemInstruction { get; init; }

    public string? PostHistoryInstructions { get; init; }

    public string? CreatorNotes { get; init; }

    public bool AiGeneratedBehavior { get; init; }

    public string? BehaviorPreferences { get; init; }

    public string? AvatarUrl { get; init; }

    public string? CustomPhysicalTraits { get; init; }

    public string? CustomDescriptions { get; init; }

    public required string Visibility { get; init; }

    /// <summary>The character's own lorebook, a Character Card V2 <c>character_book</c>; null when it has none.</summary>
    public JsonObject? CharacterBook { get; init; }

    public int ChatCount { get; init; }

    public bool Nsfw { get; init; }

    /// <summary><c>public</c> or <c>hidden</c>: whether others see the definition fields (else they come as null).</summary>
    public string DefinitionVisibility { get; init; } = Data.DefinitionVisibility.Public;

    public int LikeCount { get; init; }

    /// <summary>When an administrator hid the character from every public place; null while it is not hidden.</summary>
    public DateTime? HiddenAt { get; init; }

    public string? HiddenReason { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; init; }

    /// <summary>
    /// The view's columns, all but the card: <see cref="CharacterBook"/> is left null, since the book is inside the
    /// card (up to megabytes) and a list reads it out alone (<see cref="CardBook.OfAsync"/>).
    /// </summary>
    public static readonly Expression<Func<Character, CharacterView>> Columns = character => new CharacterView
    {
        CharacterId = character.Id,
        CharacterUserId = character.UserId,
        Name = character.Name,
        Gender = character.Gender,
        Heritage = character.Heritage,
        Age = character.Age,
        SkinTone = character.SkinTone,
        EyeColor = character.EyeColor,
        HairColor = character.HairColor,
        Hairstyle = character.Hairstyle,
        BodyType = character.BodyType,
        BreastSize = character.BreastSize,
        ButtSize = character.ButtSize,
        PublicDescription = character.PublicDescription,
        Tags = character.Tags,
        Voice = character.Voice,
        Personality = character.Personality,
        Occupation = character.Occupation,
        Hobbies = character.Hobbies,
        Scenario = character.Scenario,
        Greeting = character.Greeting,
        AlternateGreetings = character.AlternateGreetings,
        MesExample = character.MesExample,
        Backstory = character.Backstory,
        SystemInstruction = character.SystemInstruction,
        PostHistoryInstructions = character.PostHistoryInstructions,
        CreatorNotes = character.CreatorNotes,
        AiGeneratedBehavior = character.AiGeneratedBehavior,
        BehaviorPreferences = character.BehaviorPreferences,
        AvatarUrl = character.AvatarUrl,
        CustomPhysicalTraits = character.CustomPhysicalTraits,
        CustomDescriptions = character.CustomDescriptions,
        Visibility = character.Visibility,
        ChatCount = character.ChatCount,
        Nsfw = character.Nsfw,
        DefinitionVisibility = character.DefinitionVisibility,
        LikeCount = character.LikeCount,
        HiddenAt = character.HiddenAt,
        HiddenReason = character.HiddenReason,
        CreatedAt = character.CreatedAt,
        UpdatedAt = character.UpdatedAt,
    };

    private static readonly Func<Character, CharacterView> FromColumns = Columns.Compile();

    public static CharacterView From(Character character) => FromColumns(character) with { CharacterBook = CardBook.Get(character.CardExtras) };
}

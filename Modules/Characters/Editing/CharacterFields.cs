using System.Text.Json.Nodes;
using KissChat.Characters.Cards;
using KissChat.Characters.Data;

namespace KissChat.Characters.Editing;

/// <summary>
/// The attributes a client writes, shared by create and update so both accept and check exactly the same fields, and
/// by card import, which stores them differently (see <see cref="Stored(string?)"/>). Everything but the name is
/// optional; blank text counts as not given.
/// </summary>
internal abstract record CharacterFields
{
    public string? Name { get; init; }

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

    // JSON may carry nulls inside the array; the validator rejects them.
    public IReadOnlyList<string?>? Tags { get; init; }

    public string? Voice { get; init; }

    public string? Personality { get; init; }

    public string? Occupation { get; init; }

    public string? Hobbies { get; init; }

    public string? Scenario { get; init; }

    public string? Greeting { get; init; }

    public IReadOnlyList<string?>? AlternateGreetings { get; init; }

    public string? MesExample { get; init; }

    public string? Backstory { get; init; }

    public string? SystemInstruction { get; init; }

    public string? PostHistoryInstructions { get; init; }

    public string? CreatorNotes { get; init; }

    public bool? AiGeneratedBehavior { get; init; }

    public string? BehaviorPreferences { get; init; }

    public string? AvatarUrl { get; init; }

    public string? CustomPhysicalTraits { get; init; }

    public string? CustomDescriptions { get; init; }

    /// <summary><c>private</c> (the default) or <c>public</c>.</summary>
    public string? Visibility { get; init; }

    /// <summary>Adult content: shown to others only when they opted in and are adults (default false).</summary>
    public bool? Nsfw { get; init; }

    /// <summary><c>public</c> (the default) or <c>hidden</c>: whether others may read the definition of a public character.</summary>
    public string? DefinitionVisibility { get; init; }

    /// <summary>The character's own lorebook: a Character Card V2 <c>character_book</c> object (null removes it).</summary>
    public JsonObject? CharacterBook { get; init; }

    /// <summary>
    /// Whether this request gives <paramref name="property"/> (a C# property name) a value, null included. A create
    /// sets every property, absent ones to their default; an update only those its body names.
    /// </summary>
    public virtual bool Sets(string property) => true;

    /// <summary>Writes every property this request <see cref="Sets"/>; null and blank clear a field back to its default.</summary>
    public void ApplyTo(Character character)
    {
        if (Sets(nameof(Name)))
        {
            character.Name = Stored(Name)!;
        }

        Text(nameof(Gender), Gender, v => character.Gender = v);
        Text(nameof(Heritage), Heritage, v => character.Heritage = v);
        Text(nameof(SkinTone), SkinTone, v => character.SkinTone = v);
        Text(nameof(EyeColor), EyeColor, v => character.EyeColor = v);
        Text(nameof(HairColor), HairColor, v => character.HairColor = v);
        Text(nameof(Hairstyle), Hairstyle, v => character.Hairstyle = v);
        Text(nameof(BodyType), BodyType, v => character.BodyType = v);
        Text(nameof(BreastSize), BreastSize, v => character.BreastSize = v);
        Text(nameof(ButtSize), ButtSize, v => character.ButtSize = v);
        Text(nameof(PublicDescription), PublicDescription, v => character.PublicDescription = v);
        Text(nameof(Voice), Voice, v => character.Voice = v);
        Text(nameof(Personality), Personality, v => character.Personality = v);
        Text(nameof(Occupation), Occupation, v => character.Occupation = v);
        Text(nameof(Hobbies), Hobbies, v => character.Hobbies = v);
        Text(nameof(Scenario), Scenario, v => character.Scenario = v);
        Text(nameof(Greeting), Greeting, v => character.Greeting = v);
        Text(nameof(MesExample), MesExample, v => character.MesExample = v);
        Text(nameof(Backstory), Backstory, v => character.Backstory = v);
        Text(nameof(SystemInstruction), SystemInstruction, v => character.SystemInstruction = v);
        Text(nameof(PostHistoryInstructions), PostHistoryInstructions, v => character.PostHistoryInstructions = v);
        Text(nameof(CreatorNotes), CreatorNotes, v => character.CreatorNotes = v);
        Text(nameof(BehaviorPreferences), BehaviorPreferences, v => character.BehaviorPreferences = v);
        Text(nameof(AvatarUrl), AvatarUrl, v => character.AvatarUrl = v);
        Text(nameof(CustomPhysicalTraits), CustomPhysicalTraits, v => character.CustomPhysicalTraits = v);
        Text(nameof(CustomDescriptions), CustomDescriptions, v => character.CustomDescriptions = v);

        if (Sets(nameof(Age)))
        {
            character.Age = Age;
        }

        if (Sets(nameof(Tags)))
        {
            character.Tags = Tags is null ? [] : StoredTags(Tags);
        }

        if (Sets(nameof(AlternateGreetings)))
        {
            character.AlternateGreetings = AlternateGreetings is null ? [] : StoredGreetings(AlternateGreetings);
        }

        if (Sets(nameof(AiGeneratedBehavior)))
        {
            character.AiGeneratedBehavior = AiGeneratedBehavior ?? false;
        }

        if (Sets(nameof(Visibility)))
        {
            character.Visibility = Visibility ?? CharacterVisibility.Private;
        }

        if (Sets(nameof(Nsfw)))
        {
            character.Nsfw = Nsfw ?? false;
        }

        if (Sets(nameof(DefinitionVisibility)))
        {
            character.DefinitionVisibility = DefinitionVisibility ?? Data.DefinitionVisibility.Public;
        }

        if (Sets(nameof(CharacterBook)))
        {
            character.CardExtras = CardBook.Set(character.CardExtras, CharacterBook);
        }
    }

    /// <summary>
    /// How text is stored. Typed text is trimmed; blank means "not given" and is stored as null, so the prompt and the API
    /// never show empty attributes.
    /// </summary>
    protected virtual string? Stored(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>How a list of tags is stored; the validator has refused blank and repeated ones.</summary>
    protected virtual IReadOnlyList<string> StoredTags(IReadOnlyList<string?> tags) => tags.Select(t => t!.Trim()).ToList();

    /// <summary>How a list of alternate greetings is stored; the validator has refused blank ones.</summary>
    protected virtual IReadOnlyList<string> StoredGreetings(IReadOnlyList<string?> greetings) => greetings.Select(g => g!.Trim()).ToList();

    private void Text(string property, string? value, Action<string?> set)
    {
        if (Sets(property))
        {
            set(Stored(value));
        }
    }
}

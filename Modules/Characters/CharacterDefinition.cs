using KissChat.Characters.Data;

namespace KissChat.Characters;

/// <summary>
/// A character's definition: everything the model reads about it except what presents it publicly (its name, public
/// description and tags). Creator notes are public too: they are for people browsing, never for the model.
/// </summary>
internal static class CharacterDefinition
{
    /// <summary>
    /// Whether <paramref name="viewerId"/> may read the definition of a character they may read at all: its author
    /// always, others when its author made the definition public.
    /// </summary>
    public static bool IsVisibleTo(Character character, Guid? viewerId) =>
        character.UserId == viewerId || character.DefinitionVisibility == DefinitionVisibility.Public;

    /// <summary>The view for <paramref name="viewerId"/>: the definition fields are null (or empty) when they may not read them.</summary>
    public static CharacterView ViewFor(Character character, Guid? viewerId) =>
        IsVisibleTo(character, viewerId) ? CharacterView.From(character) : WithoutDefinition(CharacterView.From(character));

    private static CharacterView WithoutDefinition(CharacterView view) => view with
    {
        Gender = null,
        Heritage = null,
        Age = null,
        SkinTone = null,
        EyeColor = null,
        HairColor = null,
        Hairstyle = null,
        BodyType = null,
        BreastSize = null,
        ButtSize = null,
        Voice = null,
        Personality = null,
        Occupation = null,
        Hobbies = null,
        Scenario = null,
        Greeting = null,
        AlternateGreetings = [],
        MesExample = null,
        Backstory = null,
        SystemInstruction = null,
        PostHistoryInstructions = null,
        AiGeneratedBehavior = false,
        BehaviorPreferences = null,
        CustomPhysicalTraits = null,
        CustomDescriptions = null,
        CharacterBook = null,
    };
}

namespace KissChat.Characters.Data;

/// <summary>Who may read a public character's definition (see <see cref="CharacterDefinition"/>); its author always may.</summary>
internal static class DefinitionVisibility
{
    /// <summary>Anyone who may read the character (the default).</summary>
    public const string Public = "public";

    /// <summary>Only the author: others see the name, description, notes and tags, and can still chat with it.</summary>
    public const string Hidden = "hidden";

    public const int MaxLength = 16;

    public static bool IsKnown(string value) => value is Public or Hidden;
}

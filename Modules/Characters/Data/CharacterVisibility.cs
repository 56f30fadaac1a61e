namespace KissChat.Characters.Data;

/// <summary>Who may read a character and chat with it; only its owner may ever change it.</summary>
internal static class CharacterVisibility
{
    /// <summary>Only the owner (the default).</summary>
    public const string Private = "private";

    /// <summary>Anyone signed in: listed in the public library and open for chats.</summary>
    public const string Public = "public";

    public const int MaxLength = 16;

    public static bool IsKnown(string value) => value is Private or Public;
}

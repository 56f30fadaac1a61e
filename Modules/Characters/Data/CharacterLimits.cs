namespace KissChat.Characters.Data;

/// <summary>Shared by the validator (a 400 naming the field) and the EF model (the column sizes), so they cannot drift.</summary>
internal static class CharacterLimits
{
    /// <summary>Names and physical attributes: a word or a short phrase on one line.</summary>
    public const int Short = 100;

    /// <summary>Voice and hobbies: a line or two, still one line.</summary>
    public const int Phrase = 500;

    /// <summary>Free prose that may span paragraphs: personality, scenario, backstory, greeting, instructions.</summary>
    public const int Long = 8000;

    public const int AvatarUrl = 2048;

    public const int MaxTags = 20;

    public const int MaxAlternateGreetings = 20;

    /// <summary>Room for a large lorebook, yet one import cannot store a whole upload's worth of text.</summary>
    public const int CardExtras = 2 * 1024 * 1024;

    public const int TagLength = 32;

    public const int HiddenReason = 500;

    public const int MinimumAge = 18;

    /// <summary>Generous enough for elves and vampires, small enough to catch a typo or a birth year.</summary>
    public const int MaximumAge = 1000;
}

namespace KissChat.Characters.Data;

/// <summary>
/// Shared by the validators (a 400 naming the field) and the EF model (the column sizes), so they cannot drift. Columns a
/// card fills are as large as a card's text may be; what people type is held to the smaller limits.
/// </summary>
internal static class CharacterLimits
{
    /// <summary>Names and physical attributes: a word or a short phrase on one line.</summary>
    public const int Short = 100;

    /// <summary>Voice and hobbies: a line or two, still one line.</summary>
    public const int Phrase = 500;

    /// <summary>Free prose that may span paragraphs: personality, scenario, backstory, greeting, instructions.</summary>
    public const int Long = 8000;

    public const int AvatarUrl = 2048;

    /// <summary>
    /// An account's characters: each imported card may be megabytes, so without a bound one account could fill the disk
    /// (as personas, lorebooks and presets are bounded).
    /// </summary>
    public const int PerUser = 1000;

    public const int MaxTags = 20;

    public const int MaxAlternateGreetings = 20;

    /// <summary>
    /// Any text member of an imported card (and each entry of its lists): real descriptions and greetings run to tens of
    /// thousands of characters. The card as a whole is bounded by the upload (10 MB).
    /// </summary>
    public const int CardText = 200_000;

    public const int TagLength = 32;

    public const int HiddenReason = 500;

    public const int MinimumAge = 18;

    /// <summary>Generous enough for elves and vampires, small enough to catch a typo or a birth year.</summary>
    public const int MaximumAge = 1000;
}

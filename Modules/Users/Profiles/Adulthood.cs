namespace KissChat.Users.Profiles;

/// <summary>
/// Whether an account may see NSFW characters: it asked to (show_nsfw), and it is an adult, by its birth date when it
/// gave one (18 today or earlier), else by its explicit confirmation.
/// </summary>
internal static class Adulthood
{
    public const int Age = 18;

    public static bool IsAdult(DateOnly? birthDate, DateTime? confirmedAt, DateOnly today) =>
        birthDate is { } born ? born.AddYears(Age) <= today : confirmedAt is not null;

    public static bool SeesNsfw(bool showNsfw, DateOnly? birthDate, DateTime? confirmedAt, DateOnly today) =>
        showNsfw && IsAdult(birthDate, confirmedAt, today);

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}

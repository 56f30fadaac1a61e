using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace KissChat.Chats.ExportChat;

/// <summary>
/// The dates of SillyTavern's chat files. It writes a message's <c>send_date</c> as "June 19, 2023 2:20pm" and a chat's
/// <c>create_date</c> as "2023-06-19@14h20m05s", both in the writer's local time; older files carry Unix milliseconds,
/// and other tools ISO 8601. Each is read as SillyTavern itself reads it: the "@…h…m…s" forms as UTC, the "2:20pm" form
/// and ISO 8601 without an offset in the reader's own time zone (the importer's, given with the file; UTC when not).
/// KissChat writes "2023-6-19 @14h 20m 05s 123ms" in UTC: SillyTavern reads it to the millisecond.
/// </summary>
internal static partial class SillyTavernDates
{
    public static string Format(DateTime utc) => string.Create(
        CultureInfo.InvariantCulture, $"{utc.Year}-{utc.Month}-{utc.Day} @{utc.Hour:00}h {utc.Minute:00}m {utc.Second:00}s {utc.Millisecond}ms");

    /// <summary>The date as UTC, or null when it is missing or in no form SillyTavern writes.</summary>
    /// <param name="local">The time zone of the forms SillyTavern reads as local time.</param>
    public static DateTime? Read(JsonElement value, TimeZoneInfo local) => value.ValueKind switch
    {
        JsonValueKind.Number => value.TryGetDouble(out var milliseconds) ? FromUnixMilliseconds(milliseconds) : null,
        JsonValueKind.String => Read(value.GetString()!, local),
        _ => null,
    };

    private static DateTime? Read(string text, TimeZoneInfo local)
    {
        text = text.Trim();
        if (text.Length > 0 && text.All(char.IsAsciiDigit))
        {
            return double.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds) ? FromUnixMilliseconds(milliseconds) : null;
        }

        if (Meridiem().Match(text) is { Success: true } meridiem)
        {
            var month = Month(meridiem.Groups["month"].Value);
            var hour = Number(meridiem.Groups["hour"]) % 12 + (meridiem.Groups["pm"].Value.Equals("pm", StringComparison.OrdinalIgnoreCase) ? 12 : 0);
            return month is { } m && Utc(Number(meridiem.Groups["year"]), m, Number(meridiem.Groups["day"]), hour, Number(meridiem.Groups["minute"]), 0, 0) is { } wallClock
                ? FromLocal(wallClock, local)
                : null;
        }

        if (Humanized().Match(text) is { Success: true } humanized)
        {
            var milliseconds = humanized.Groups["ms"].Success ? Number(humanized.Groups["ms"]) : 0;
            return Utc(
                Number(humanized.Groups["year"]), Number(humanized.Groups["month"]), Number(humanized.Groups["day"]),
                Number(humanized.Groups["hour"]), Number(humanized.Groups["minute"]), Number(humanized.Groups["second"]), milliseconds);
        }

        return !DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var iso) ? null
            : iso.Kind == DateTimeKind.Unspecified ? FromLocal(iso, local)
            : iso.ToUniversalTime();
    }

    /// <summary>A wall-clock time in <paramref name="local"/> as UTC (in a skipped or repeated hour, at the zone's standard offset).</summary>
    private static DateTime? FromLocal(DateTime wallClock, TimeZoneInfo local)
    {
        var utc = DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified) - local.GetUtcOffset(DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified));
        return utc.Year is > 1 and < 9999 ? DateTime.SpecifyKind(utc, DateTimeKind.Utc) : null;
    }

    private static DateTime? FromUnixMilliseconds(double milliseconds) =>
        milliseconds is >= 0 and < 253402300800000 ? DateTime.UnixEpoch.AddMilliseconds(Math.Floor(milliseconds)) : null;

    private static DateTime? Utc(int year, int month, int day, int hour, int minute, int second, int millisecond)
    {
        try
        {
            return new DateTime(year, month, day, hour, minute, second, millisecond, DateTimeKind.Utc);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static int? Month(string name)
    {
        var names = CultureInfo.InvariantCulture.DateTimeFormat;
        for (var month = 1; month <= 12; month++)
        {
            if (name.Equals(names.GetMonthName(month), StringComparison.OrdinalIgnoreCase)
                || name.Equals(names.GetAbbreviatedMonthName(month), StringComparison.OrdinalIgnoreCase))
            {
                return month;
            }
        }

        return null;
    }

    private static int Number(Group group) => int.Parse(group.Value, NumberStyles.None, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<month>[A-Za-z]+)\s+(?<day>\d{1,2}),\s*(?<year>\d{4})\s+(?<hour>\d{1,2}):(?<minute>\d{1,2})\s*(?<pm>am|pm)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Meridiem();

    [GeneratedRegex(@"^(?<year>\d{4})-(?<month>\d{1,2})-(?<day>\d{1,2})\s*@(?<hour>\d{1,2})h\s*(?<minute>\d{1,2})m\s*(?<second>\d{1,2})s(?:\s*(?<ms>\d{1,3})ms)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Humanized();
}

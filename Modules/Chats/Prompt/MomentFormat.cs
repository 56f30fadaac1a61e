using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace KissChat.Chats.Prompt;

/// <summary>
/// <c>{{datetimeformat …}}</c>: SillyTavern formats dates with moment.js, so cards carry moment's tokens
/// (<c>YYYY-MM-DD HH:mm</c>, <c>dddd, MMMM Do</c>). Each token is read and written here; anything else, and text in
/// <c>[brackets]</c>, is kept as written, so no format string of .NET's is ever taken from a card.
/// </summary>
internal static partial class MomentFormat
{
    public static string Format(DateTimeOffset at, string format)
    {
        var written = new StringBuilder();
        var last = 0;
        foreach (Match token in Token().Matches(format))
        {
            written.Append(format, last, token.Index - last).Append(Write(at, token.Value));
            last = token.Index + token.Length;
        }

        return written.Append(format, last, format.Length - last).ToString();
    }

    private static string Write(DateTimeOffset at, string token) => token switch
    {
        ['[', .. var literal, ']'] => literal,
        // moment's English locale formats, which SillyTavern's own {{time}} and {{date}} are.
        "LT" => Format(at, "h:mm A"),
        "LTS" => Format(at, "h:mm:ss A"),
        "L" => Format(at, "MM/DD/YYYY"),
        "LL" => Format(at, "MMMM D, YYYY"),
        "LLL" => Format(at, "MMMM D, YYYY h:mm A"),
        "LLLL" => Format(at, "dddd, MMMM D, YYYY h:mm A"),
        "Do" => Ordinal(at.Day),
        "DDDD" => at.DayOfYear.ToString("000", CultureInfo.InvariantCulture),
        "DDD" => at.DayOfYear.ToString(CultureInfo.InvariantCulture),
        "Q" => ((at.Month + 2) / 3).ToString(CultureInfo.InvariantCulture),
        "E" => (at.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)at.DayOfWeek).ToString(CultureInfo.InvariantCulture),
        "k" => (at.Hour == 0 ? 24 : at.Hour).ToString(CultureInfo.InvariantCulture),
        "kk" => (at.Hour == 0 ? 24 : at.Hour).ToString("00", CultureInfo.InvariantCulture),
        "S" => (at.Millisecond / 100).ToString(CultureInfo.InvariantCulture),
        "SS" => (at.Millisecond / 10).ToString("00", CultureInfo.InvariantCulture),
        "X" => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        "x" => at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
        "A" => at.Hour < 12 ? "AM" : "PM",
        "a" => at.Hour < 12 ? "am" : "pm",
        "d" => ((int)at.DayOfWeek).ToString(CultureInfo.InvariantCulture),
        "dd" => at.ToString("ddd", CultureInfo.InvariantCulture)[..2],
        "Z" => at.ToString("zzz", CultureInfo.InvariantCulture),
        "ZZ" => at.ToString("zzz", CultureInfo.InvariantCulture).Replace(":", "", StringComparison.Ordinal),
        _ => at.ToString(token switch
        {
            "YYYY" => "yyyy",
            "YY" => "yy",
            "MMMM" or "MMM" or "MM" => token,
            "M" => "%M",
            "DD" => "dd",
            "D" => "%d",
            "dddd" or "ddd" => token,
            "HH" or "hh" or "mm" or "ss" => token,
            "H" or "h" or "m" or "s" => $"%{token}",
            _ => "fff", // SSS, the one token left
        }, CultureInfo.InvariantCulture),
    };

    private static string Ordinal(int day) => day + (day % 100 is 11 or 12 or 13 ? "th" : (day % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" });

    [GeneratedRegex(@"\[[^\]]*\]|LLLL|LLL|LL|LTS|LT|L|YYYY|YY|Q|MMMM|MMM|MM|M|Do|DDDD|DDD|DD|D|dddd|ddd|dd|d|E|HH|H|hh|h|kk|k|mm|m|ss|s|SSS|SS|S|ZZ|Z|X|x|A|a", RegexOptions.CultureInvariant)]
    private static partial Regex Token();
}

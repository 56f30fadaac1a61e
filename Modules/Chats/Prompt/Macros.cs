using System.Globalization;
using System.Text.RegularExpressions;

namespace KissChat.Chats.Prompt;

/// <param name="Character">The character's name: <c>{{char}}</c>, <c>&lt;BOT&gt;</c>.</param>
/// <param name="User">The persona's name, else the user's: <c>{{user}}</c>, <c>&lt;USER&gt;</c>.</param>
/// <param name="Persona">The persona's description: <c>{{persona}}</c>.</param>
/// <param name="Idle">Since the message before the one being answered: <c>{{idle_duration}}</c>.</param>
/// <param name="Random">Seeded per turn, so a preview of the prompt rolls the same dice as the reply that follows it.</param>
internal sealed record MacroContext(string Character, string User, string? Persona, DateTimeOffset Now, TimeSpan? Idle, Random Random);

/// <summary>
/// The macros of community character cards (SillyTavern, chub), replaced at each turn in every part of the prompt.
/// Unknown macros stay as written, so text that merely looks like one is never lost.
/// </summary>
internal static partial class Macros
{
    public static string Fill(string text, MacroContext context) =>
        text.Contains("{{", StringComparison.Ordinal) || text.Contains('<', StringComparison.Ordinal)
            ? Macro().Replace(text, match => Expand(match, context))
            : text;

    private static string Expand(Match match, MacroContext context)
    {
        if (match.Groups["legacy"].Success)
        {
            return match.Groups["legacy"].Value.Equals("BOT", StringComparison.OrdinalIgnoreCase) ? context.Character : context.User;
        }

        var body = match.Groups["body"].Value;
        if (body.TrimStart().StartsWith("//", StringComparison.Ordinal))
        {
            return "";
        }

        var name = body.Trim();
        return name.ToLowerInvariant() switch
        {
            "char" => context.Character,
            "user" => context.User,
            "persona" => context.Persona ?? "",
            "time" => context.Now.ToString("h:mm tt", CultureInfo.InvariantCulture),
            "date" => context.Now.ToString("MMMM d, yyyy", CultureInfo.InvariantCulture),
            "weekday" => context.Now.ToString("dddd", CultureInfo.InvariantCulture),
            "idle_duration" => Humanize(context.Idle ?? TimeSpan.Zero),
            _ when Arguments(name, "random") is { } options => Pick(options, context.Random) ?? match.Value,
            _ when Arguments(name, "roll") is { } dice => Roll(dice, context.Random) ?? match.Value,
            _ => match.Value,
        };
    }

    /// <summary>The text after <c>name:</c>, <c>name::</c> or <c>name </c>; null when the macro is another one.</summary>
    private static string? Arguments(string macro, string name) =>
        macro.Length > name.Length && macro.StartsWith(name, StringComparison.OrdinalIgnoreCase) && macro[name.Length] is ':' or ' '
            ? macro[(name.Length + 1)..]
            : null;

    /// <summary><c>{{random:a,b,c}}</c>, or <c>{{random::a::b}}</c> for options that contain commas.</summary>
    private static string? Pick(string arguments, Random random)
    {
        var options = arguments.StartsWith(':') ? arguments[1..].Split("::") : arguments.Split(',');
        return options.Length == 0 ? null : options[random.Next(options.Length)].Trim();
    }

    /// <summary><c>{{roll:2d6}}</c>, <c>{{roll:d20+3}}</c>, or <c>{{roll:6}}</c> for one six-sided die.</summary>
    private static string? Roll(string arguments, Random random)
    {
        var dice = Dice().Match(arguments.Trim());
        if (!dice.Success)
        {
            return null;
        }

        var count = dice.Groups["count"].Length > 0 ? int.Parse(dice.Groups["count"].Value, CultureInfo.InvariantCulture) : 1;
        var sides = int.Parse(dice.Groups["sides"].Value, CultureInfo.InvariantCulture);
        if (count is < 1 or > 100 || sides is < 1 or > 1_000_000)
        {
            return null;
        }

        var total = Enumerable.Range(0, count).Sum(_ => random.Next(1, sides + 1));
        total += dice.Groups["bonus"].Length > 0 ? int.Parse(dice.Groups["bonus"].Value, CultureInfo.InvariantCulture) : 0;
        return total.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Like SillyTavern's: "a few seconds", "a minute", "5 minutes", "an hour", "3 hours", "a day", "4 days".</summary>
    public static string Humanize(TimeSpan span) => span switch
    {
        { TotalSeconds: < 45 } => "a few seconds",
        { TotalSeconds: < 90 } => "a minute",
        { TotalMinutes: < 45 } => $"{Math.Round(span.TotalMinutes):0} minutes",
        { TotalMinutes: < 90 } => "an hour",
        { TotalHours: < 22 } => $"{Math.Round(span.TotalHours):0} hours",
        { TotalHours: < 36 } => "a day",
        _ => $"{Math.Round(span.TotalDays):0} days",
    };

    [GeneratedRegex(@"\{\{(?<body>[^{}]*)\}\}|<(?<legacy>BOT|USER)>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Macro();

    [GeneratedRegex(@"^(?:(?<count>\d{1,3})?d)?(?<sides>\d{1,7})(?<bonus>[+-]\d{1,7})?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Dice();
}

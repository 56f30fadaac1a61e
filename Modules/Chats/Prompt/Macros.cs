using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using KissChat.Characters.Contracts;
using KissChat.Chats.Data;

namespace KissChat.Chats.Prompt;

/// <param name="Character">The character's name: <c>{{char}}</c>, <c>&lt;BOT&gt;</c>.</param>
/// <param name="User">The persona's name, else the user's: <c>{{user}}</c>, <c>&lt;USER&gt;</c>.</param>
/// <param name="Persona">The persona's description: <c>{{persona}}</c>.</param>
/// <param name="Idle">Since the user's message before the newest (<see cref="PromptAssembly.IdleSince"/>): <c>{{idle_duration}}</c>; null, "just now".</param>
/// <param name="Random">Seeded per turn, so a preview of the prompt rolls the same dice as the reply that follows it.</param>
internal sealed record MacroContext(string Character, string User, string? Persona, DateTimeOffset Now, TimeSpan? Idle, Random Random)
{
    /// <summary>The character's definition: <c>{{description}}</c>, <c>{{personality}}</c>, <c>{{scenario}}</c>, <c>{{charPrompt}}</c>…</summary>
    public CharacterCard? Card { get; init; }

    /// <summary>A group chat's members by name: <c>{{group}}</c>; in a chat with one character, that character.</summary>
    public IReadOnlyList<string>? Group { get; init; }

    /// <summary>The chat's messages as the prompt has them, oldest first: <c>{{lastMessage}}</c>, <c>{{lastUserMessage}}</c>, <c>{{lastCharMessage}}</c>.</summary>
    public IReadOnlyList<HistoryMessage> History { get; init; } = [];

    /// <summary>The model that answers: <c>{{model}}</c>.</summary>
    public string? Model { get; init; }

    /// <summary>The prompt's budget in tokens: <c>{{maxPrompt}}</c>.</summary>
    public int? MaxPrompt { get; init; }

    /// <summary>The same for every turn of a chat: <c>{{pick}}</c> chooses the same option each time in the same place.</summary>
    public int PickSeed { get; init; }

    /// <summary>The content of the outlet lore that went in, by outlet name: <c>{{outlet::name}}</c>.</summary>
    public IReadOnlyDictionary<string, string>? Outlets { get; init; }

    /// <summary>The chat's variables, which <c>{{setvar}}</c>… change as the macros are filled; null leaves those macros as written.</summary>
    public ChatVariables? Variables { get; init; }

    /// <summary>What the texts filled with this context may gain together (a prompt's parts and its every message); null: each text its own.</summary>
    public MacroRoom? Room { get; init; }
}

/// <summary>Characters that macros may still add, shared by the texts of one prompt (see <see cref="Macros.MaxAdded"/>).</summary>
internal sealed class MacroRoom
{
    public int Left { get; set; } = Macros.MaxAdded;
}

/// <summary>
/// The macros of community character cards (SillyTavern, chub), replaced at each turn in every part of the prompt.
/// Unknown macros stay as written, so text that merely looks like one is never lost. SillyTavern's chat variables are
/// read and changed where they are, left to right (<see cref="ChatVariables"/>); its global ones are not kept, so they stay
/// as written.
/// </summary>
/// <remarks>
/// Each pass fills the innermost macros, so a macro made of others (<c>{{reverse:{{char}}}}</c>, a comment naming one)
/// is filled by the next, and so are the macros of what a pass put in (a definition's part saying <c>{{user}}</c>), as
/// SillyTavern's replacements one after the other do. What one text may gain is bounded, so a card that repeats
/// <c>{{personality}}</c> thousands of times, or one part that names another that names the first, is not multiplied into
/// a prompt of gigabytes: past <see cref="MaxAdded"/> (for one text, or all of a prompt's together: <see cref="MacroContext.Room"/>)
/// a macro is filled with nothing, and after <see cref="Passes"/> the rest stays.
/// </remarks>
internal static partial class Macros
{
    public const int Passes = 4;

    public const int MaxAdded = 1_000_000;

    /// <summary>Whether <paramref name="text"/> may hold a macro: one that cannot is left as it is, unread.</summary>
    public static bool MayHave(string text) => text.Contains("{{", StringComparison.Ordinal) || text.Contains('<', StringComparison.Ordinal);

    public static string Fill(string text, MacroContext context)
    {
        if (!MayHave(text))
        {
            return text;
        }

        var room = context.Room ?? new MacroRoom();
        var filled = text.Contains("{{trim}}", StringComparison.OrdinalIgnoreCase) ? Trim().Replace(text, "") : text;
        for (var pass = 0; pass < Passes; pass++)
        {
            var source = filled;
            filled = Macro().Replace(source, match =>
            {
                var value = Expand(match, source, context);
                if (value.Length <= match.Length)
                {
                    return value;
                }

                room.Left -= value.Length - match.Length;
                return room.Left >= 0 ? value : "";
            });
            if (filled == source || !filled.Contains("{{", StringComparison.Ordinal))
            {
                break;
            }
        }

        return filled;
    }

    private static string Expand(Match match, string text, MacroContext context)
    {
        if (match.Groups["legacy"].Success)
        {
            return match.Groups["legacy"].Value.ToUpperInvariant() switch
            {
                "USER" => context.User,
                "GROUP" or "CHARIFNOTGROUP" => Group(context),
                _ => context.Character,
            };
        }

        var body = match.Groups["body"].Value;
        if (match.Groups["comment"].Success || body.TrimStart().StartsWith("//", StringComparison.Ordinal))
        {
            return "";
        }

        var name = body.Trim();
        return name.ToLowerInvariant() switch
        {
            "char" => context.Character,
            "user" => context.User,
            "persona" => context.Persona ?? "",
            "group" or "charifnotgroup" => Group(context),
            "model" => context.Model ?? "",
            "maxprompt" => context.MaxPrompt?.ToString(CultureInfo.InvariantCulture) ?? match.Value,
            "newline" => "\n",
            "noop" or "charversion" or "char_version" => "",
            "time" => context.Now.ToString("h:mm tt", CultureInfo.InvariantCulture),
            "date" => context.Now.ToString("MMMM d, yyyy", CultureInfo.InvariantCulture),
            "weekday" => context.Now.ToString("dddd", CultureInfo.InvariantCulture),
            "isotime" => context.Now.ToString("HH:mm", CultureInfo.InvariantCulture),
            "isodate" => context.Now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "idle_duration" => context.Idle is { } idle ? Humanize(idle) : "just now",
            "lastmessage" => Said(context.History.LastOrDefault()),
            "lastusermessage" => Said(context.History.LastOrDefault(h => h.Role == ChatRoles.User)),
            "lastcharmessage" => Said(context.History.LastOrDefault(h => h.Role == ChatRoles.Assistant)),
            _ when context.Card is { } card && Definition(card, name.ToLowerInvariant()) is { } part => part,
            _ when context.Variables is { } variables && Variable(name, variables) is { } value => value,
            _ when Arguments(name, "random") is { } options => Pick(options, context.Random) ?? match.Value,
            _ when Arguments(name, "pick") is { } options => Pick(options, PickFor(context, text, match.Index)) ?? match.Value,
            _ when Arguments(name, "roll") is { } dice => Roll(dice, context.Random) ?? match.Value,
            _ when Arguments(name, "reverse") is { Length: > 0 } reversed => Reverse(reversed),
            _ when Arguments(name, "datetimeformat") is { } format => MomentFormat.Format(context.Now, format.Trim()),
            _ when Arguments(name, "outlet") is { } outlet => context.Outlets?.GetValueOrDefault(outlet.TrimStart(':').Trim()) ?? "",
            _ when UtcOffset().Match(name) is { Success: true } offset && int.Parse(offset.Groups[1].Value, CultureInfo.InvariantCulture) is >= -14 and <= 14 and var hours =>
                context.Now.ToOffset(TimeSpan.FromHours(hours)).ToString("h:mm tt", CultureInfo.InvariantCulture),
            _ => match.Value,
        };
    }

    /// <summary>A part of the character's definition, as written: its macros are filled by the next pass.</summary>
    private static string? Definition(CharacterCard card, string name) => name switch
    {
        "description" => card.Description ?? "",
        "personality" => card.Personality ?? "",
        "scenario" => card.Scenario ?? "",
        "mesexamples" or "mesexamplesraw" => card.MesExample ?? "",
        "charprompt" => card.SystemPrompt ?? "",
        "charinstruction" or "charjailbreak" => card.PostHistoryInstructions ?? "",
        "chardepthprompt" => card.Note?.Prompt ?? "",
        _ => null,
    };

    /// <summary>
    /// <c>{{getvar::name}}</c>, <c>{{incvar::name}}</c> and <c>{{decvar::name}}</c> (the value, after the change),
    /// <c>{{setvar::name::value}}</c> and <c>{{addvar::name::value}}</c> (nothing), as SillyTavern reads them: a name has no
    /// colon, a value is not empty. Null when the macro is none of these.
    /// </summary>
    private static string? Variable(string macro, ChatVariables variables)
    {
        var at = macro.IndexOf("::", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var arguments = macro[(at + 2)..];
        var split = arguments.IndexOf("::", StringComparison.Ordinal);
        var (name, value) = split < 0 ? (arguments.Trim(), null) : (arguments[..split].Trim(), arguments[(split + 2)..]);
        if (name.Length == 0 || name.Contains(':', StringComparison.Ordinal))
        {
            return null;
        }

        switch (macro[..at].ToLowerInvariant())
        {
            case "getvar" when value is null:
                return variables.Get(name);
            case "incvar" when value is null:
                return variables.Add(name, "1");
            case "decvar" when value is null:
                return variables.Add(name, "-1");
            case "setvar" when value is { Length: > 0 }:
                variables.Set(name, value);
                return "";
            case "addvar" when value is { Length: > 0 }:
                variables.Add(name, value);
                return "";
            default:
                return null;
        }
    }

    private static string Said(HistoryMessage? message) => message?.Said ?? message?.Content ?? "";

    private static string Group(MacroContext context) => context.Group is { Count: > 0 } members ? string.Join(", ", members) : context.Character;

    /// <summary>The text after <c>name:</c>, <c>name::</c> or <c>name </c>; null when the macro is another one.</summary>
    private static string? Arguments(string macro, string name) =>
        macro.Length > name.Length && macro.StartsWith(name, StringComparison.OrdinalIgnoreCase) && macro[name.Length] is ':' or ' '
            ? macro[(name.Length + 1)..]
            : null;

    /// <summary><c>{{random:a,b,c}}</c>, or <c>{{random::a::b}}</c> for options that contain commas.</summary>
    private static string? Pick(string arguments, Random random)
    {
        if (string.IsNullOrWhiteSpace(arguments.TrimStart(':')))
        {
            return null;
        }

        var options = arguments.StartsWith(':') ? arguments[1..].Split("::") : arguments.Split(',');
        return options.Length == 0 ? null : options[random.Next(options.Length)].Trim();
    }

    /// <summary>
    /// As SillyTavern's: the chat, the text the macro is in and its place there choose, so a card's <c>{{pick}}</c> says the
    /// same at every turn of a chat (a hash, not the text's <c>GetHashCode</c>, which changes with each process).
    /// </summary>
    private static Random PickFor(MacroContext context, string text, int at)
    {
        Span<ulong> key = [(ulong)context.PickSeed, XxHash3.HashToUInt64(MemoryMarshal.AsBytes(text.AsSpan())), (ulong)at];
        return new Random((int)XxHash3.HashToUInt64(MemoryMarshal.AsBytes(key)));
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

    /// <summary>Reversed by what a reader sees as characters, so an emoji or an accent stays whole.</summary>
    private static string Reverse(string text)
    {
        var elements = new List<string>();
        var each = StringInfo.GetTextElementEnumerator(text);
        while (each.MoveNext())
        {
            elements.Add(each.GetTextElement());
        }

        elements.Reverse();
        return string.Concat(elements);
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

    /// <summary>A comment may hold single braces (it ends at the first <c>}}</c>), once the macros in it are filled.</summary>
    [GeneratedRegex(@"\{\{(?<comment>//(?:(?!\{\{)[\s\S])*?)\}\}|\{\{(?<body>[^{}]*)\}\}|<(?<legacy>BOT|USER|CHAR|GROUP|CHARIFNOTGROUP)>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Macro();

    /// <summary><c>{{trim}}</c> takes the line breaks around it with it.</summary>
    [GeneratedRegex(@"(?:\r?\n)*\{\{trim\}\}(?:\r?\n)*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Trim();

    [GeneratedRegex(@"^time_UTC([-+]\d{1,2})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UtcOffset();

    [GeneratedRegex(@"^(?:(?<count>\d{1,3})?d)?(?<sides>\d{1,7})(?<bonus>[+-]\d{1,7})?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Dice();
}

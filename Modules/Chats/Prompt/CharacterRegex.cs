using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using KissChat.Characters.Contracts;
using KissChat.Kernel.Text;

namespace KissChat.Chats.Prompt;

/// <summary>
/// A character's SillyTavern regex scripts, run as SillyTavern runs them: in order, each on the placements it names
/// (a user's message, the model's, lore), a prompt-only one only on what a prompt sends (within its depths), the others
/// on what is stored too, a markdown-only one never (it is for a screen). A pattern is read as JavaScript writes it
/// (<c>/pattern/flags</c>: without <c>g</c> only the first match is replaced); the replacement's <c>{{match}}</c> and
/// <c>$n</c> take the match and its groups with the trim strings taken out, then its macros are filled. A pattern this
/// server cannot read, or one that runs longer than <see cref="MatchTimeout"/>, leaves the text as it was, as does a
/// replacement that would grow it past <see cref="MaxResult"/> characters. All the scripts of a prompt together run
/// for at most <see cref="Budget"/>, and those of what is stored for as long again: past it the texts are left as they
/// are, so a card's fifty slow patterns cannot make each turn of a long chat take minutes.
/// </summary>
internal sealed partial class CharacterRegex(IReadOnlyList<RegexScript> scripts, Func<string, string> fill)
{
    public const int UserInput = 1;
    public const int ModelOutput = 2;
    public const int WorldInfo = 5;

    private const int MaxResult = 1_000_000;
    private const int MaxCached = 2_000;
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(500);

    private readonly TimeBudget promptTime = new(Budget), storedTime = new(Budget);

    /// <summary>Patterns read once, for every turn of every chat with the character (null: one that cannot be read).</summary>
    private static readonly ConcurrentDictionary<(string Pattern, RegexOptions Options), Regex?> Read = new();

    /// <summary>The character's scripts with the turn's macros, or null when it has none.</summary>
    public static CharacterRegex? For(CharacterCard? card, Func<string, string> fill) =>
        card?.RegexScripts is { Count: > 0 } scripts ? new CharacterRegex(scripts, fill) : null;

    /// <summary>A text as it is stored (what the model wrote, a user's message): the scripts that are not only for prompts or screens.</summary>
    public string Stored(string text, int placement) => Run(text, placement, inPrompt: false, depth: null, storedTime);

    /// <summary>A text as a prompt sends it.</summary>
    /// <param name="depth">For a message, how far from the end it is (0: the last); for lore at a depth, that depth; else null.</param>
    public string InPrompt(string text, int placement, int? depth) => Run(text, placement, inPrompt: true, depth, promptTime);

    private string Run(string text, int placement, bool inPrompt, int? depth, TimeBudget time)
    {
        foreach (var script in scripts)
        {
            if (!RunsOn(script, inPrompt) || !script.Placements.Contains(placement) || !WithinDepths(script, depth))
            {
                continue;
            }

            if (time.Exhausted)
            {
                break;
            }

            var started = time.Start();
            text = Apply(script, text);
            time.Stop(started);
        }

        return text;
    }

    /// <summary>SillyTavern's rule with nothing shown on a screen here: a prompt-only script in prompts, one that is neither prompt- nor markdown-only everywhere.</summary>
    private static bool RunsOn(RegexScript script, bool inPrompt) => (script.PromptOnly && inPrompt) || (!script.PromptOnly && !script.MarkdownOnly);

    private static bool WithinDepths(RegexScript script, int? depth) =>
        depth is not { } at || !((script.MinDepth is >= 0 and var min && at < min) || (script.MaxDepth is >= 0 and var max && at > max));

    private string Apply(RegexScript script, string text)
    {
        if (text.Length == 0 || Pattern(script.SubstitutesMacros ? fill(script.Find) : script.Find) is not var (regex, global))
        {
            return text;
        }

        var replacement = MatchMacro().Replace(script.Replace, "$$0");
        var trims = script.TrimStrings.Select(fill).Where(t => t.Length > 0).ToList();
        var produced = 0L;
        string Replaced(Match match)
        {
            var filled = fill(GroupReference().Replace(replacement, group =>
                int.TryParse(group.Groups[1].ValueSpan, out var number) && match.Groups[number] is { Success: true } found
                    ? trims.Aggregate(found.Value, (value, trim) => value.Replace(trim, "", StringComparison.Ordinal))
                    : ""));
            produced += filled.Length;
            return produced <= MaxResult ? filled : throw new ReplacementTooLongException();
        }

        try
        {
            return regex.Replace(text, Replaced, global ? -1 : 1);
        }
        catch (Exception exception) when (exception is RegexMatchTimeoutException or ReplacementTooLongException)
        {
            return text;
        }
    }

    /// <summary>A JavaScript pattern as .NET reads it, and whether it replaces every match; null when it cannot be read.</summary>
    private static (Regex Regex, bool Global)? Pattern(string find)
    {
        var end = find.LastIndexOf('/');
        var (pattern, flags) = find.Length > 2 && find[0] == '/' && end > 1 && JavaScriptFlags().IsMatch(find.AsSpan(end + 1))
            ? (find[1..end], find[(end + 1)..])
            : (find, "");
        var options = RegexOptions.CultureInvariant
            | (flags.Contains('i') ? RegexOptions.IgnoreCase : 0)
            | (flags.Contains('m') ? RegexOptions.Multiline : 0)
            | (flags.Contains('s') ? RegexOptions.Singleline : 0)
            | (flags.Contains('x') ? RegexOptions.IgnorePatternWhitespace : 0);
        if (Read.Count > MaxCached)
        {
            Read.Clear();
        }

        var regex = Read.GetOrAdd((pattern, options), key =>
        {
            try
            {
                return new Regex(key.Pattern, key.Options, MatchTimeout);
            }
            catch (ArgumentException)
            {
                return null;
            }
        });
        return regex is null ? null : (regex, flags.Contains('g'));
    }

    [GeneratedRegex(@"\{\{match\}\}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MatchMacro();

    [GeneratedRegex(@"\$(\d+)")]
    private static partial Regex GroupReference();

    /// <summary>SillyTavern's flags: each of these letters at most once.</summary>
    [GeneratedRegex(@"^(?!.*?(.).*?\1)[gmixXsuUAJ]*$")]
    private static partial Regex JavaScriptFlags();

    private sealed class ReplacementTooLongException : Exception;
}

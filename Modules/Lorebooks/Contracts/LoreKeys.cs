using System.Text.RegularExpressions;
using KissChat.Kernel.Text;
using Microsoft.Extensions.Caching.Memory;

namespace KissChat.Lorebooks.Contracts;

/// <summary>How a key is read: SillyTavern's <c>/pattern/flags</c> is a regular expression, anything else plain text.</summary>
public static partial class LoreKeys
{
    /// <summary>A hostile pattern gives up rather than hold a reply.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(50);

    // Every turn tests every key of the chat's books. Parsing a pattern costs far more than running it, and the runtime's
    // own cache of patterns holds 15, so a world book with a few hundred regular-expression or whole-word keys was parsed
    // anew for each reply. Bounded: books that come and go cannot grow it without end.
    private static readonly MemoryCache Patterns = new(new MemoryCacheOptions { SizeLimit = 20_000 });

    /// <summary>
    /// Whether <paramref name="key"/> appears in <paramref name="text"/>. As SillyTavern does, whole-word matching applies to
    /// single words; a phrase (a key with any white space) matches as written. A key whose pattern is invalid, or too slow on this text, does not match,
    /// nor does a pattern once <paramref name="time"/> (for a prompt's keys together) is spent.
    /// </summary>
    public static bool Matches(string key, bool useRegex, bool caseSensitive, bool wholeWords, string text, TimeBudget time)
    {
        var wholeWord = wholeWords && !key.Any(char.IsWhiteSpace);
        if (!useRegex && !wholeWord && !IsSlashed(key))
        {
            return text.Contains(key, caseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);
        }

        // A whole word as lookarounds, not as the characters around it: the search can then start from the word itself.
        // Bounded by JavaScript's word characters, as SillyTavern's are: ASCII only, so a key in Chinese or Japanese, where
        // no space sets words apart, still matches inside a sentence.
        var literal = wholeWord && !useRegex && !IsSlashed(key);
        var pattern = Patterns.GetOrCreate((key, useRegex, caseSensitive, wholeWord), entry =>
        {
            entry.Size = 1;
            return literal
                ? new Regex($@"(?<![A-Za-z0-9_]){Regex.Escape(key)}(?![A-Za-z0-9_])", Options(caseSensitive), MatchTimeout)
                : AsRegex(key, useRegex, caseSensitive, out _);
        });
        // A whole word runs in time linear in the text, as a plain key does: only a key's own pattern spends the budget.
        if (pattern is null || (!literal && time.Exhausted))
        {
            return false;
        }

        var started = time.Start();
        try
        {
            return pattern.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
        finally
        {
            if (!literal)
            {
                time.Stop(started);
            }
        }
    }

    /// <summary>
    /// The key as a regular expression, or null when it is plain text. An invalid pattern is refused when a book is
    /// saved; one that got in anyway (an older import) is <paramref name="invalid"/> and never matches.
    /// </summary>
    public static Regex? AsRegex(string key, bool useRegex, bool caseSensitive, out bool invalid)
    {
        invalid = false;
        var slashed = Slashed().Match(key);
        if (!slashed.Success && !useRegex)
        {
            return null;
        }

        var pattern = slashed.Success ? slashed.Groups["pattern"].Value : key;
        var flags = slashed.Success ? slashed.Groups["flags"].Value : "";
        var options = Options(caseSensitive: slashed.Success ? !flags.Contains('i', StringComparison.Ordinal) : caseSensitive);
        if (flags.Contains('s', StringComparison.Ordinal))
        {
            options |= RegexOptions.Singleline;
        }

        if (flags.Contains('m', StringComparison.Ordinal))
        {
            options |= RegexOptions.Multiline;
        }

        try
        {
            return new Regex(pattern, options, MatchTimeout);
        }
        catch (ArgumentException)
        {
            invalid = true;
            return null;
        }
    }

    /// <summary>Null when the key is usable; else why not.</summary>
    public static string? Problem(string? key, bool useRegex) => key switch
    {
        null or "" => "A key must not be empty.",
        _ when AsRegex(key, useRegex, caseSensitive: false, out var invalid) is null && invalid => $"The key '{key}' is not a valid regular expression.",
        _ => null,
    };

    private static RegexOptions Options(bool caseSensitive) =>
        RegexOptions.CultureInvariant | (caseSensitive ? RegexOptions.None : RegexOptions.IgnoreCase);

    private static bool IsSlashed(string key) => key.StartsWith('/') && Slashed().IsMatch(key);

    [GeneratedRegex("^/(?<pattern>.+)/(?<flags>[gimsuy]*)$", RegexOptions.Singleline)]
    private static partial Regex Slashed();
}

using System.Text.RegularExpressions;

namespace KissChat.Lorebooks.Contracts;

/// <summary>How a key is read: SillyTavern's <c>/pattern/flags</c> is a regular expression, anything else plain text.</summary>
public static partial class LoreKeys
{
    /// <summary>A hostile pattern gives up rather than hold a reply.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(50);

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
        var options = RegexOptions.CultureInvariant;
        if (flags.Contains('i', StringComparison.Ordinal) || (!slashed.Success && !caseSensitive))
        {
            options |= RegexOptions.IgnoreCase;
        }

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

    [GeneratedRegex("^/(?<pattern>.+)/(?<flags>[gimsuy]*)$", RegexOptions.Singleline)]
    private static partial Regex Slashed();
}

using System.Text.RegularExpressions;

namespace KissChat.Kernel.Files;

/// <summary>The name of a download or of an archive's file, made of a user's title so that any system can save it.</summary>
public static partial class SafeFileNames
{
    /// <summary>The letters, digits and dashes of <paramref name="name"/> (runs of anything else become one underscore), at most 80 characters; <paramref name="fallback"/> when none is left.</summary>
    public static string From(string name, string fallback) =>
        UnsafeRuns().Replace(name, "_").Trim('_') is { Length: > 0 } safe ? safe[..Math.Min(safe.Length, 80)] : fallback;

    [GeneratedRegex(@"[^\p{L}\p{N}-]+")]
    private static partial Regex UnsafeRuns();
}

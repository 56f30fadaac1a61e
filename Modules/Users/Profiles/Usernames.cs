using System.Text.RegularExpressions;
using KissChat.Kernel.Text;
using KissChat.Users.Data;

namespace KissChat.Users.Profiles;

/// <summary>
/// Usernames are unique ignoring case and appear in URLs (<c>user/{username}/public</c>), so new ones are plain:
/// ASCII letters, digits, '_', '-' and '.', starting with a letter or digit. Case is folded for ASCII letters only,
/// which SQLite's <c>lower()</c> does too, so names the schema script normalized compare the same as new ones.
/// </summary>
internal static partial class Usernames
{
    public const string Rule = "'username' may hold only letters a-z, digits, '_', '-' and '.', and must start with a letter or digit.";

    public static string Normalize(string username) => AsciiCase.Fold(username);

    public static bool IsAllowed(string username) => Allowed().IsMatch(username);

    /// <summary>What a new account is called until its owner picks a name: the email's local part, cleaned.</summary>
    public static string FromEmail(string email)
    {
        var local = Disallowed().Replace(email.Split('@')[0], string.Empty).TrimStart('_', '-', '.');
        return local.Length == 0 ? "user" : Shorten(local, ProfileLimits.Username);
    }

    /// <summary><paramref name="username"/> with <paramref name="suffix"/>, cut so that the whole fits a username.</summary>
    public static string WithSuffix(string username, string suffix) => $"{Shorten(username, ProfileLimits.Username - suffix.Length - 1)}-{suffix}";

    private static string Shorten(string text, int length) => text[..Math.Min(text.Length, length)];

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")]
    private static partial Regex Allowed();

    [GeneratedRegex(@"[^A-Za-z0-9_.\-]")]
    private static partial Regex Disallowed();
}

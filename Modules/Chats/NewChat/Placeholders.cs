using System.Text.RegularExpressions;

namespace KissChat.Chats.NewChat;

/// <summary>
/// The macros of community character cards (SillyTavern, chub): <c>{{char}}</c> / <c>&lt;BOT&gt;</c> name the
/// character and <c>{{user}}</c> / <c>&lt;USER&gt;</c> the person chatting. Filled in once, when the chat starts,
/// so the model never sees the raw macros.
/// </summary>
internal static partial class Placeholders
{
    public static string Fill(string text, string character, string user) =>
        Macro().Replace(text, match => match.Groups["who"].Value.ToLowerInvariant() is "char" or "bot" ? character : user);

    [GeneratedRegex(@"\{\{(?<who>char|user)\}\}|<(?<who>BOT|USER)>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Macro();
}

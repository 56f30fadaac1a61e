using System.Linq.Expressions;
using KissChat.Chats.Data;

namespace KissChat.Chats.Prompt;

/// <summary>
/// Which stored messages a model reads as the chat's history, in a reply's prompt as in a summary's or a title's
/// transcript. A stored system opening is not history, and a hidden message is not the model's to read. Nor is one
/// without text (a reply stopped while its model only reasoned, an imported empty line): some providers refuse an empty
/// message, SillyTavern leaves one out of what it sends, and a transcript would show a bare name.
/// </summary>
internal static class ModelHistory
{
    /// <summary>The rule as a query's filter.</summary>
    public static readonly Expression<Func<ChatMessage, bool>> Includes = m => m.Role != ChatRoles.System && !m.Hidden && m.Content != "";

    /// <summary>The same rule for a message already read with others the prompt does not send.</summary>
    public static bool Sends(HistoryMessage message) => message.Role != ChatRoles.System && !message.Hidden && message.Content.Length > 0;
}

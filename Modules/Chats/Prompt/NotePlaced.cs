using KissChat.Chats.Data;
using Microsoft.Extensions.AI;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace KissChat.Chats.Prompt;

/// <summary>
/// Where a turn's author's note (with the lore around it) goes. At its depth, its text, which joins what else goes in there
/// as its role (<see cref="DepthInsertions"/>). Before or after the main prompt, as SillyTavern's chat completion puts it:
/// a system note is a paragraph of the one system message, beside the main prompt; a user's or assistant's is a message
/// of its own, before the system message, or after the main prompt (which then is a system message of its own, the rest
/// of the system prompt another).
/// </summary>
internal sealed record NotePlaced(string? AtDepth = null, string? BeforeMain = null, string? AfterMain = null, AiChatMessage? BeforeSystem = null, AiChatMessage? AfterSystem = null)
{
    /// <summary>The note's own message beside the system message, if it has one.</summary>
    public AiChatMessage? Beside => BeforeSystem ?? AfterSystem;

    /// <param name="text">The note with its lore; null when neither goes in this turn.</param>
    public static NotePlaced Of(string? text, AuthorNotePlacement placement)
    {
        var before = placement.Position == AuthorNotePositions.BeforeMain;
        return (text, placement.Position, placement.Role) switch
        {
            (null, _, _) => new(),
            (_, AuthorNotePositions.AtDepth, _) => new(AtDepth: text),
            (_, _, ChatRoles.System) => before ? new(BeforeMain: text) : new(AfterMain: text),
            _ => before ? new(BeforeSystem: new AiChatMessage(new ChatRole(placement.Role), text)) : new(AfterSystem: new AiChatMessage(new ChatRole(placement.Role), text)),
        };
    }
}

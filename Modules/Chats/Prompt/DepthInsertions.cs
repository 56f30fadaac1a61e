using KissChat.Chats.Data;
using Microsoft.Extensions.AI;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace KissChat.Chats.Prompt;

/// <summary>
/// What puts a text into the history at a depth, in the order SillyTavern joins them: the order of its extension prompts'
/// keys, which it sorts (<c>2_floating_prompt</c>, <c>DEPTH_PROMPT</c>, <c>PERSONA_DESCRIPTION</c>, <c>customDepthWI</c>).
/// </summary>
internal enum DepthSource
{
    /// <summary>The author's note with the lore and the persona placed around it.</summary>
    AuthorNote,
    /// <summary>The card's Character's Note.</summary>
    CharacterNote,
    Persona,
    Lore,
}

/// <param name="Definition">Made from the character's definition, which a preview for a user who may not see it leaves out.</param>
internal sealed record DepthInsertion(int Depth, string Role, DepthSource Source, string Text, bool Definition);

/// <param name="WithoutDefinition">What a preview that hides the definition shows in the message's place; null when none of it is the definition.</param>
internal sealed record DepthMessage(int Depth, AiChatMessage Message, string? WithoutDefinition);

/// <summary>
/// The texts put into the history at their depths, as SillyTavern's chat completion puts them: one message per role at
/// each depth, each joining its texts by line in <see cref="DepthSource"/> order, and depths beyond the history before
/// its first message, the deeper first.
/// </summary>
internal static class DepthInsertions
{
    // SillyTavern splices system, user, assistant into the history read from its end, so they are sent the other way round.
    private static readonly string[] RoleOrder = [ChatRoles.Assistant, ChatRoles.User, ChatRoles.System];

    /// <summary>
    /// One message per depth and role, the deeper first, then by role. A blank text (lore whose macros left nothing) is
    /// left out, as SillyTavern leaves out an empty prompt: no blank line, no empty message.
    /// </summary>
    public static List<DepthMessage> Merge(IEnumerable<DepthInsertion> insertions) =>
    [
        .. insertions.Where(i => !string.IsNullOrWhiteSpace(i.Text)).GroupBy(i => (i.Depth, i.Role))
            .OrderByDescending(g => g.Key.Depth).ThenBy(g => Array.IndexOf(RoleOrder, g.Key.Role))
            .Select(g => (g.Key, Parts: g.OrderBy(i => i.Source).ToList()))
            .Select(g => new DepthMessage(
                g.Key.Depth,
                new AiChatMessage(new ChatRole(g.Key.Role), Lines(g.Parts)),
                g.Parts.Any(p => p.Definition) ? Lines(g.Parts.Where(p => !p.Definition)) : null)),
    ];

    /// <summary>
    /// The history with each message put in that many messages from its end (0 after the last); a depth the history does
    /// not reach puts it before the first, where SillyTavern's splice past the end of the reversed history puts it.
    /// </summary>
    /// <param name="inserted">In <see cref="Merge"/>'s order: the deeper first, so each goes at or after the one before it.</param>
    public static List<AiChatMessage> Into(IReadOnlyList<AiChatMessage> history, IReadOnlyList<DepthMessage> inserted)
    {
        List<AiChatMessage> messages = new(history.Count + inserted.Count);
        var next = 0;
        foreach (var depthMessage in inserted)
        {
            for (var place = Math.Max(0, history.Count - depthMessage.Depth); next < place; next++)
            {
                messages.Add(history[next]);
            }

            messages.Add(depthMessage.Message);
        }

        for (; next < history.Count; next++)
        {
            messages.Add(history[next]);
        }

        return messages;
    }

    private static string Lines(IEnumerable<DepthInsertion> parts) => string.Join('\n', parts.Select(p => p.Text));
}

using System.Text.Json.Serialization;

namespace KissChat.Chats.Messages;

/// <param name="Swipes">Every alternative of an assistant message, the selected one at <paramref name="SwipeIndex"/>.</param>
/// <param name="CharacterId">In a group chat, the character who said an assistant message (its selected swipe); null otherwise.</param>
/// <param name="CharacterName">That character's name, while it exists.</param>
/// <param name="Hidden">Kept in the chat but left out of the prompt.</param>
/// <param name="Reasoning">The thinking model's reasoning behind the selected alternative; null when it gave none.</param>
/// <param name="SwipeDates">When each of <paramref name="Swipes"/> was written: for SillyTavern's export, not shown.</param>
/// <param name="SwipeReasoning">Each of <paramref name="Swipes"/>' reasoning (null for one without any): for the exports, not shown.</param>
internal sealed record MessageView(
    Guid Id, int Seq, string Role, string Content, string Status, int SwipeIndex, IReadOnlyList<string> Swipes, DateTime CreatedAt,
    Guid? CharacterId = null, string? CharacterName = null, bool Hidden = false, string? Reasoning = null, [property: JsonIgnore] IReadOnlyList<DateTime>? SwipeDates = null,
    [property: JsonIgnore] IReadOnlyList<string?>? SwipeReasoning = null);

/// <param name="OlderCursor">Pass as <c>before</c> to read older messages; null when there are none.</param>
/// <param name="NewerCursor">Pass as <c>after</c> to read newer messages; null when there are none yet.</param>
internal sealed record MessagePage(IReadOnlyList<MessageView> Data, int? OlderCursor, int? NewerCursor);

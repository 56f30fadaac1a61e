using KissChat.Characters.Contracts;

namespace KissChat.Chats.Data;

/// <summary>
/// The character as it was when pinned, used instead of the live one: pinned by the user to keep the character as it
/// is, or for them when the character was deleted or made private by its author. In a row of its own because a copy
/// may carry a book of hundreds of entries, and the chat's row is written at every turn.
/// </summary>
internal sealed class ChatPin
{
    public Guid ChatId { get; init; }

    public required CharacterCard Card { get; set; }
}

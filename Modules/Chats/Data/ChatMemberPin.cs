using KissChat.Characters.Contracts;

namespace KissChat.Chats.Data;

/// <summary>
/// A group member as it was when its author made it private (or deleted it, though a deleted member then leaves the
/// group): the group's user may no longer read it, and it speaks on from this copy, as a one-to-one chat goes on with
/// its <see cref="ChatPin"/>. Used only while the live character is not readable; made again at each withdrawal.
/// </summary>
internal sealed class ChatMemberPin
{
    public Guid ChatId { get; init; }

    public Guid CharacterId { get; init; }

    public required CharacterCard Card { get; set; }
}

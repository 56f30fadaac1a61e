namespace KissChat.Characters.Contracts;

/// <summary>
/// Told, before it happens, that a character stops being available to other users: its author deletes it or makes it
/// private. <paramref name="character"/> is the character as it is at that moment.
/// </summary>
public interface ICharacterWithdrawalListener
{
    Task OnWithdrawingAsync(CharacterCard character, Guid ownerId, CancellationToken cancellationToken);
}

namespace KissChat.Characters.Contracts;

/// <summary>
/// Told, in the deleting transaction, that an author is deleting their character (other modules clean up their own data),
/// and once it is committed (work that must not wait inside it: stopping what ran on the removed data).
/// </summary>
public interface ICharacterRemovalListener
{
    Task OnRemovingAsync(Guid characterId, Guid ownerId, CancellationToken cancellationToken);

    Task OnRemovedAsync(CancellationToken cancellationToken);
}

namespace KissChat.Characters.Contracts;

/// <summary>Told, in the deleting transaction, that an author is deleting their character (other modules clean up their own data).</summary>
public interface ICharacterRemovalListener
{
    Task OnRemovingAsync(Guid characterId, Guid ownerId, CancellationToken cancellationToken);
}

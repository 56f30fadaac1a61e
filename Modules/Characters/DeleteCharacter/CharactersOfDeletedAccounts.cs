using KissChat.Characters.Catalog;
using KissChat.Characters.Contracts;
using KissChat.Characters.Data;
using KissChat.Kernel.Database;
using KissChat.Kernel.Identity;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Characters.DeleteCharacter;

/// <summary>
/// A deleted account's public characters are withdrawn as deleting each would withdraw it: other people's chats with them
/// pin them as they were and go on. A private one has no one else's chats (making it private pinned them then).
/// </summary>
internal sealed class CharactersOfDeletedAccounts(KissChatDbContext db, IEnumerable<ICharacterWithdrawalListener> withdrawals) : IAccountDeletion
{
    public async Task OnDeletingAsync(Guid userId, CancellationToken cancellationToken)
    {
        var ids = await db.Set<Character>().Where(c => c.UserId == userId && c.Visibility == CharacterVisibility.Public).Select(c => c.Id).ToListAsync(cancellationToken);
        // One at a time: a card may be megabytes.
        foreach (var id in ids)
        {
            var character = await db.Set<Character>().AsNoTracking().SingleAsync(c => c.Id == id, cancellationToken);
            foreach (var withdrawal in withdrawals)
            {
                await withdrawal.OnWithdrawingAsync(CharacterCards.ForOthers(character), userId, cancellationToken);
            }
        }
    }
}

using KissChat.Characters.Contracts;
using KissChat.Chats.Data;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats.Pinning;

/// <summary>
/// When an author deletes a character or makes it private, other people's chats with it pin it as it was (unless they
/// already pinned it), so they go on as before: the one case where the character is copied into a chat unasked.
/// </summary>
internal sealed class ChatsKeepAWithdrawnCharacter(KissChatDbContext db, TimeProvider clock) : ICharacterWithdrawalListener
{
    public Task OnWithdrawingAsync(CharacterCard character, Guid ownerId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.Set<Chat>()
            .Where(c => c.CharacterId == character.Id && c.UserId != ownerId && c.PinnedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.PinnedCharacter, character).SetProperty(c => c.PinnedAt, now), cancellationToken);
    }
}

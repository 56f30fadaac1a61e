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
    /// <remarks>Two statements, in the transaction that withdraws the character.</remarks>
    public async Task OnWithdrawingAsync(CharacterCard character, Guid ownerId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Database.ExecuteSqlAsync(
            $"""
             INSERT INTO "chat_pins" ("chat_id", "card")
             SELECT "id", {PinnedCards.Write(character)} FROM "chats"
             WHERE "character_id" = {character.Id} AND "user_id" <> {ownerId} AND "pinned_at" IS NULL
             """,
            cancellationToken);
        await db.Set<Chat>()
            .Where(c => c.CharacterId == character.Id && c.UserId != ownerId && c.PinnedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.PinnedAt, now), cancellationToken);
    }
}

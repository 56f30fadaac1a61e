using KissChat.Characters.Contracts;
using KissChat.Chats.Data;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats.Pinning;

/// <summary>
/// When an author deletes a character or makes it private, other people's chats with it pin it as it was (unless they
/// already pinned it), so they go on as before: the one case where the character is copied into a chat unasked. Their
/// group chats with it keep a copy of it as a member (<see cref="ChatMemberPin"/>), made anew at each withdrawal: a
/// member is pinned by nobody, and speaks from its copy only while it cannot be read.
/// </summary>
internal sealed class ChatsKeepAWithdrawnCharacter(KissChatDbContext db, TimeProvider clock) : ICharacterWithdrawalListener
{
    /// <remarks>Three statements, in the transaction that withdraws the character.</remarks>
    public async Task OnWithdrawingAsync(CharacterCard character, Guid ownerId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var card = PinnedCards.Write(character);
        await db.Database.ExecuteSqlAsync(
            $"""
             INSERT INTO "chat_pins" ("chat_id", "card")
             SELECT "id", {card} FROM "chats"
             WHERE "character_id" = {character.Id} AND "user_id" <> {ownerId} AND "pinned_at" IS NULL
             """,
            cancellationToken);
        await db.Set<Chat>()
            .Where(c => c.CharacterId == character.Id && c.UserId != ownerId && c.PinnedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.PinnedAt, now), cancellationToken);
        // The same upsert reads alike on SQLite and PostgreSQL; SQLite needs the WHERE to read ON CONFLICT as the upsert's.
        await db.Database.ExecuteSqlAsync(
            $"""
             INSERT INTO "chat_member_pins" ("chat_id", "character_id", "card")
             SELECT m."chat_id", m."character_id", {card} FROM "chat_members" m JOIN "chats" c ON c."id" = m."chat_id"
             WHERE m."character_id" = {character.Id} AND c."user_id" <> {ownerId}
             ON CONFLICT ("chat_id", "character_id") DO UPDATE SET "card" = excluded."card"
             """,
            cancellationToken);
    }
}

using KissChat.Chats.Data;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats.Replies;

/// <summary>
/// A new reply's writes, in the transaction that ends its job: the chat's time and the message, which is its own first
/// swipe until it is regenerated (<see cref="MessageSwipe"/>).
/// </summary>
/// <remarks>
/// Plain SQL that reads alike on SQLite and PostgreSQL rather than a tracked chat and two added entities: saving those
/// (change detection, batching, ordering, SQL generation) was 3.8% of the server's CPU samples at 100 replies in flight,
/// besides the read of the whole chat row that tracking it took first. The columns left out keep their defaults, as EF's
/// insert of a new <see cref="ChatMessage"/> leaves them.
/// </remarks>
internal static class NewReplyRows
{
    /// <summary>Returns false, having written nothing, when the chat is gone.</summary>
    public static async Task<bool> InsertAsync(KissChatDbContext db, DatabaseProvider provider, ChatMessage message, CancellationToken cancellationToken)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            // One round trip for both writes: the update locks the chat's row until the insert commits, so it cannot be
            // deleted meanwhile, and a chat that is gone updates no row and so inserts none.
            return await db.Database.ExecuteSqlAsync(
                $"""
                 WITH "touched" AS (UPDATE "chats" SET "updated_at" = {message.CreatedAt} WHERE "id" = {message.ChatId} RETURNING "id")
                 INSERT INTO "chat_messages" ("id", "chat_id", "seq", "role", "content", "status", "job_id", "character_id", "created_at", "reasoning")
                 SELECT {message.Id}, "id", {message.Seq}, {message.Role}, {message.Content}, {message.Status}, {message.JobId}, {message.CharacterId}, {message.CreatedAt}, {message.Reasoning}
                 FROM "touched"
                 """,
                cancellationToken) == 1;
        }

        // SQLite has no writes in a WITH clause; its writers take turns, so nothing deletes the chat between the two.
        if (!await ChatAccess.TouchAsync(db, message.ChatId, message.CreatedAt, cancellationToken))
        {
            return false;
        }

        await db.Database.ExecuteSqlAsync(
            $"""
             INSERT INTO "chat_messages" ("id", "chat_id", "seq", "role", "content", "status", "job_id", "character_id", "created_at", "reasoning")
             VALUES ({message.Id}, {message.ChatId}, {message.Seq}, {message.Role}, {message.Content}, {message.Status}, {message.JobId}, {message.CharacterId}, {message.CreatedAt}, {message.Reasoning})
             """,
            cancellationToken);
        return true;
    }
}

using KissChat.Chats.Data;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats.SendMessage;

/// <summary>The user's message, stored at the chat's next position in the reply's write transaction.</summary>
/// <remarks>
/// One plain statement that reads alike on SQLite and PostgreSQL, in place of a read of the chat's last position and an
/// added entity: every reply's start stores one. The chat is locked for the transaction, so the position is free, and
/// nothing in the transaction reads the message: it is written at the commit, with the reply's job.
/// </remarks>
internal static class UserMessageRow
{
    public static void Add(KissChatDbContext db, Guid chatId, string content, DateTime createdAt) =>
        db.WriteAtCommit(
            $"""
             INSERT INTO "chat_messages" ("id", "chat_id", "seq", "role", "content", "status", "created_at")
             SELECT {Guid.CreateVersion7()}, {chatId}, COALESCE(MAX("seq"), 0) + 1, {ChatRoles.User}, {content}, {MessageStatus.Complete}, {createdAt}
             FROM "chat_messages" WHERE "chat_id" = {chatId}
             """);
}

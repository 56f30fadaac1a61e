using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats.BranchChat;

/// <summary>
/// Copies a chat's messages and their swipes into a branch with two INSERT … SELECT statements, however long the chat. A
/// copied message's id is the branch's id with its last 48 bits replaced by the message's seq: unique (a chat's first 80
/// bits are its creation time and randomness), a valid version 7 UUID, and computable in SQL on both databases so the
/// swipes can follow their messages without a table of old and new ids.
/// </summary>
internal static class BranchCopy
{
    public static async Task MessagesAsync(KissChatDbContext db, DatabaseProvider provider, Guid sourceId, Guid branchId, int untilSeq, CancellationToken cancellationToken)
    {
        var prefix = branchId.ToString("D")[..24];
        if (provider == DatabaseProvider.Postgres)
        {
            await db.Database.ExecuteSqlAsync(
                $"""
                 INSERT INTO chat_messages (id, chat_id, seq, role, content, swipe_index, status, job_id, created_at, extra, character_id, hidden, other_members, reasoning)
                 SELECT CAST({prefix} || lpad(to_hex(seq), 12, '0') AS uuid), {branchId}, seq, role, content, swipe_index, status, NULL, created_at, extra, character_id, hidden, other_members, reasoning
                 FROM chat_messages WHERE chat_id = {sourceId} AND seq <= {untilSeq}
                 """,
                cancellationToken);
            await db.Database.ExecuteSqlAsync(
                $"""
                 INSERT INTO message_swipes (message_id, index, content, status, created_at, character_id, swipe_info, reasoning)
                 SELECT CAST({prefix} || lpad(to_hex(m.seq), 12, '0') AS uuid), s.index, s.content, s.status, s.created_at, s.character_id, s.swipe_info, s.reasoning
                 FROM message_swipes s JOIN chat_messages m ON m.id = s.message_id
                 WHERE m.chat_id = {sourceId} AND m.seq <= {untilSeq}
                 """,
                cancellationToken);
            return;
        }

        // EF stores SQLite GUIDs as upper-case text.
        var upperPrefix = prefix.ToUpperInvariant();
        await db.Database.ExecuteSqlAsync(
            $"""
             INSERT INTO "chat_messages" ("id", "chat_id", "seq", "role", "content", "swipe_index", "status", "job_id", "created_at", "extra", "character_id", "hidden", "other_members", "reasoning")
             SELECT {upperPrefix} || printf('%012X', "seq"), {branchId}, "seq", "role", "content", "swipe_index", "status", NULL, "created_at", "extra", "character_id", "hidden", "other_members", "reasoning"
             FROM "chat_messages" WHERE "chat_id" = {sourceId} AND "seq" <= {untilSeq}
             """,
            cancellationToken);
        await db.Database.ExecuteSqlAsync(
            $"""
             INSERT INTO "message_swipes" ("message_id", "index", "content", "status", "created_at", "character_id", "swipe_info", "reasoning")
             SELECT {upperPrefix} || printf('%012X', m."seq"), s."index", s."content", s."status", s."created_at", s."character_id", s."swipe_info", s."reasoning"
             FROM "message_swipes" s JOIN "chat_messages" m ON m."id" = s."message_id"
             WHERE m."chat_id" = {sourceId} AND m."seq" <= {untilSeq}
             """,
            cancellationToken);
    }
}

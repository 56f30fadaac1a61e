using KissChat.Chats.Data;
using KissChat.Chats.Prompt;
using KissChat.Jobs.Contracts;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats;

internal static class ChatAccess
{
    private static readonly CompiledQuery<Func<KissChatDbContext, Guid, CancellationToken, Task<Chat?>>> ById =
        new(() => EF.CompileAsyncQuery((KissChatDbContext db, Guid chatId, CancellationToken _) => db.Set<Chat>().FirstOrDefault(c => c.Id == chatId)));

    /// <summary>The chat, tracked for changing (every write and every reply reads it).</summary>
    public static Task<Chat?> FindAsync(KissChatDbContext db, Guid chatId, CancellationToken cancellationToken) =>
        ById.For(db)(db, chatId, cancellationToken);

    /// <summary>The chat if it is the user's; otherwise the 404 or 403 to answer.</summary>
    public static async Task<(Chat? Chat, ProblemHttpResult? Problem)> FindOwnAsync(
        KissChatDbContext db, Guid chatId, Guid userId, CancellationToken cancellationToken) =>
        Own(await FindAsync(db, chatId, cancellationToken), userId);

    /// <summary>
    /// <see cref="FindOwnAsync"/> for a reply's start, which changes none of the chat's fields (tracking a row, its
    /// snapshot and then change detection at the save, costs more than reading it): the chat as its prompt reads it
    /// first (<see cref="ChatPrompts.ReadChatAsync"/>), so that a prompt read for the reply can start from it.
    /// </summary>
    public static async Task<(ChatForPrompt? Read, ProblemHttpResult? Problem)> FindOwnForReplyAsync(
        KissChatDbContext db, Guid chatId, Guid userId, CancellationToken cancellationToken)
    {
        var found = await ChatPrompts.ReadChatAsync(db, chatId, cancellationToken);
        var (chat, problem) = Own(found?.Chat, userId);
        return (chat is null ? null : found, problem);
    }

    /// <summary>Sets the chat's time with one statement; false when the chat is gone.</summary>
    /// <remarks>On PostgreSQL this also locks the chat's row until the transaction ends.</remarks>
    public static async Task<bool> TouchAsync(KissChatDbContext db, Guid chatId, DateTime at, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlAsync($"""UPDATE "chats" SET "updated_at" = {at} WHERE "id" = {chatId}""", cancellationToken) == 1;

    /// <summary>
    /// Locks the chat and the user (<see cref="TransactionLocks.LockThenReadAsync"/>) and sets the chat's time, telling too
    /// whether the chat changed since it was read with the time <paramref name="seen"/> (every change to a chat sets its
    /// time), and reads the user's unfinished replies (<paramref name="running"/>, one row per reply, and the job the
    /// request's Idempotency-Key names) once the locks are held. One round trip when the chat did not change.
    /// </summary>
    public static async Task<(Touched Touched, List<UserJobRow> Jobs)> LockAndTouchAsync(
        KissChatDbContext db, Guid chatId, Guid userId, DateTime at, DateTime seen, FormattableString running, CancellationToken cancellationToken)
    {
        var (changed, jobs) = await db.LockThenReadAsync(
            chatId,
            userId,
            $"""UPDATE "chats" SET "updated_at" = {at} WHERE "id" = {chatId} AND "updated_at" = {seen}""",
            running,
            UserJobRow.Read,
            cancellationToken);
        var touched = changed == 1 ? Touched.Unchanged : await TouchAsync(db, chatId, at, cancellationToken) ? Touched.Changed : Touched.Gone;
        return (touched, jobs);
    }

    /// <summary>The 404 for a chat that does not exist (or no longer does).</summary>
    public static ProblemHttpResult NotFound() => Problems.NotFound("Chat not found.");

    private static (Chat? Chat, ProblemHttpResult? Problem) Own(Chat? chat, Guid userId)
    {
        if (chat is null)
        {
            return (null, NotFound());
        }

        return chat.UserId == userId ? (chat, null) : (null, Problems.Forbidden("This chat belongs to another user."));
    }
}

internal enum Touched
{
    Unchanged,
    Changed,
    Gone,
}

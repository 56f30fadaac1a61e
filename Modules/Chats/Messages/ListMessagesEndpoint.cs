using KissChat.Chats.Data;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats.Messages;

internal static class ListMessagesEndpoint
{
    private const int DefaultLimit = 50;
    private const int MaxLimit = 200;

    /// <summary>
    /// A page of messages in chat order. Cursors are message positions, which never move, so pages stay
    /// stable while new messages arrive: the newest page by default, <c>before</c> to scroll up, <c>after</c> to catch up.
    /// </summary>
    public static async Task<Results<Ok<MessagePage>, ProblemHttpResult>> Handle(
        Guid id, int? before, int? after, int? limit, CurrentUser me, KissChatDbContext db, CancellationToken cancellationToken)
    {
        if (before is not null && after is not null)
        {
            return Problems.BadRequest("Send either 'before' or 'after', not both.");
        }

        if (before < 0 || after < 0 || limit is < 1 or > MaxLimit)
        {
            return Problems.BadRequest($"'before' and 'after' must not be negative; 'limit' must be 1 to {MaxLimit}.");
        }

        var (chat, problem) = await ChatAccess.FindOwnAsync(db, id, me.Id, cancellationToken);
        if (chat is null)
        {
            return problem!;
        }

        var take = limit ?? DefaultLimit;
        var messages = db.Set<ChatMessage>().Where(m => m.ChatId == id);
        var window = after is { } from
            ? messages.Where(m => m.Seq > from).OrderBy(m => m.Seq).Take(take)
            : messages.Where(m => m.Seq < (before ?? int.MaxValue)).OrderByDescending(m => m.Seq).Take(take);
        var page = await MessageQueries.ViewsAsync(db, window, cancellationToken);
        if (page.Count == 0)
        {
            return TypedResults.Ok(new MessagePage(page, null, null));
        }

        var first = page[0].Seq;
        var last = page[^1].Seq;
        var older = await messages.AnyAsync(m => m.Seq < first, cancellationToken);
        var newer = await messages.AnyAsync(m => m.Seq > last, cancellationToken);
        return TypedResults.Ok(new MessagePage(page, older ? first : null, newer ? last : null));
    }
}

using FastEndpoints;
using KissChat.Characters.Contracts;
using KissChat.Chats.Data;
using KissChat.Chats.Groups;
using KissChat.Chats.Messages;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats.ListMessages;

/// <summary>
/// A page of messages in chat order. Cursors are message positions, which never move, so pages stay
/// stable while new messages arrive: the newest page by default, <c>before</c> to scroll up, <c>after</c> to catch up,
/// <c>around</c> to open a chat at a message far back in one request.
/// </summary>
internal sealed class ListMessagesEndpoint(CurrentUser me, KissChatDbContext db, ICharacterCatalog characters)
    : Endpoint<ListMessagesRequest, Results<Ok<MessagePage>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/{id}/messages");
        Group<ChatsGroup>();
        Description(b => b.WithName("ListMessages").ProducesProblems(403, 404));
        Summary(s => s.Summary = "A page of messages with their swipes (newest page by default; before/after cursors).");
    }

    public override async Task<Results<Ok<MessagePage>, ProblemHttpResult>> ExecuteAsync(ListMessagesRequest request, CancellationToken ct)
    {
        var (chat, problem) = await ChatAccess.FindOwnAsync(db, request.Id, me.Id, ct);
        if (chat is null)
        {
            return problem!;
        }

        var take = request.Limit ?? ListMessagesRequest.DefaultLimit;
        var messages = db.Set<ChatMessage>().Where(m => m.ChatId == request.Id);
        IQueryable<ChatMessage> window;
        if (request.Around is { } around)
        {
            if (await messages.Where(m => m.Id == around).Select(m => (int?)m.Seq).FirstOrDefaultAsync(ct) is not { } seq)
            {
                return Problems.NotFound("'around' is no message of this chat.");
            }

            var start = await messages.Where(m => m.Seq < seq).OrderByDescending(m => m.Seq).Take(take / 2).MinAsync(m => (int?)m.Seq, ct) ?? seq;
            window = messages.Where(m => m.Seq >= start).OrderBy(m => m.Seq).Take(take);
        }
        else
        {
            window = request.After is { } from
                ? messages.Where(m => m.Seq > from).OrderBy(m => m.Seq).Take(take)
                : messages.Where(m => m.Seq < (request.Before ?? int.MaxValue)).OrderByDescending(m => m.Seq).Take(take);
        }

        var page = await SpeakerNames.AddAsync(await SystemPrompts.AsVisibleAsync(await MessageQueries.ViewsAsync(db, window, ct), chat, characters, ct), characters, ct);
        if (page.Count == 0)
        {
            return TypedResults.Ok(new MessagePage(page, null, null));
        }

        var first = page[0].Seq;
        var last = page[^1].Seq;
        var older = await messages.AnyAsync(m => m.Seq < first, ct);
        var newer = await messages.AnyAsync(m => m.Seq > last, ct);
        return TypedResults.Ok(new MessagePage(page, older ? first : null, newer ? last : null));
    }
}

using FastEndpoints;
using KissChat.Characters.Contracts;
using KissChat.Chats.Data;
using KissChat.Chats.ListChats;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats.SearchMessages;

internal sealed record FoundChat(Guid Id, string Title);

internal sealed record FoundCharacter(Guid Id, string Name);

/// <param name="Snippet">
/// The match in its context (a few dozen words of a long message), HTML-escaped: the matching words are wrapped in
/// <c>&lt;mark&gt;…&lt;/mark&gt;</c>, the only markup in it.
/// </param>
/// <param name="Character">The chat's character (or its pinned copy); null when neither exists any more.</param>
internal sealed record FoundMessage(Guid Id, string Role, string Snippet, DateTime CreatedAt, FoundChat Chat, FoundCharacter? Character);

/// <summary><c>{"data": [...], "next_cursor": "..." | null}</c>.</summary>
internal sealed record MessageSearchPage(IReadOnlyList<FoundMessage> Data, string? NextCursor);

/// <summary>Full-text search over the messages of my chats, newest first.</summary>
internal sealed class SearchMessagesEndpoint(CurrentUser me, KissChatDbContext db, MessageSearch search, ICharacterCatalog characters)
    : Endpoint<SearchMessagesRequest, Ok<MessageSearchPage>>
{
    public override void Configure()
    {
        Get("/search");
        Group<ChatsGroup>();
        Description(b => b.WithName("SearchMessages"));
        Summary(s => s.Summary =
            "Messages of my chats holding every word of q, newest first, with their chat, character and an HTML-escaped snippet whose matches are in <mark> (cursor-paginated).");
    }

    public override async Task<Ok<MessageSearchPage>> ExecuteAsync(SearchMessagesRequest request, CancellationToken ct)
    {
        await search.CatchUpAsync(ct);
        var query = request.Q!.Trim();
        var found = from m in search.Matching(query)
                    join c in db.Set<Chat>() on m.ChatId equals c.Id
                    where c.UserId == me.Id && m.Role != ChatRoles.System
                    select new { Message = m, Chat = c };
        // Messages are ordered like chats in chat/list, by (time, id), so the same cursor serves both.
        if (ChatCursor.Decode(request.Cursor) is { UpdatedAt: var createdAt, Id: var id })
        {
            found = found.Where(f => f.Message.CreatedAt < createdAt || (f.Message.CreatedAt == createdAt && f.Message.Id.CompareTo(id) < 0));
        }

        var take = request.Limit ?? ListChatsRequest.DefaultLimit;
        var rows = await found
            .OrderByDescending(f => f.Message.CreatedAt).ThenByDescending(f => f.Message.Id)
            .Take(take + 1)
            .Select(f => new
            {
                f.Message.Id,
                f.Message.Role,
                f.Message.CreatedAt,
                f.Chat.Title,
                f.Message.ChatId,
                f.Chat.CharacterId,
                Pinned = db.Set<ChatPin>().Where(p => p.ChatId == f.Chat.Id).Select(p => p.Card).FirstOrDefault(),
            })
            .AsNoTracking()
            .ToListAsync(ct);
        var page = rows.Take(take).ToList();
        var snippets = await search.SnippetsAsync(query, page.Select(r => r.Id).ToList(), ct);
        var live = await characters.SummariesAsync(page.Select(r => r.CharacterId).OfType<Guid>().Distinct().ToList(), ct);
        var items = page.Select(r => new FoundMessage(
            r.Id,
            r.Role,
            Highlights.ToEscapedHtml(snippets.GetValueOrDefault(r.Id, "")),
            r.CreatedAt,
            new FoundChat(r.ChatId, r.Title),
            r.CharacterId is { } characterId && live.TryGetValue(characterId, out var summary) ? new FoundCharacter(summary.Id, summary.Name)
                : r.Pinned is { } pinned ? new FoundCharacter(pinned.Id, pinned.Name)
                : null)).ToList();
        var next = rows.Count > take ? new ChatCursor(page[^1].CreatedAt, page[^1].Id).Encode() : null;
        return TypedResults.Ok(new MessageSearchPage(items, next));
    }
}

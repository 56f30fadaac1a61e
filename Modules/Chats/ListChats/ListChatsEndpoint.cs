using KissChat.Characters.Contracts;
using KissChat.Chats.Data;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats.ListChats;

internal sealed record ChatCharacter(Guid Id, string Name, string? AvatarUrl);

/// <param name="Character">Null when its author has deleted the character; the chat itself carries on.</param>
/// <param name="LastMessage">The start of the newest message, for the list's preview line.</param>
internal sealed record ChatListItem(Guid Id, string Title, ChatCharacter? Character, string? LastMessage, DateTime CreatedAt, DateTime UpdatedAt);

/// <summary><c>{"data": [...], "next_cursor": "..." | null}</c>.</summary>
internal sealed record ChatListPage(IReadOnlyList<ChatListItem> Data, string? NextCursor);

internal static class ListChatsEndpoint
{
    private const int DefaultLimit = 20;
    private const int MaxLimit = 100;
    private const int PreviewLength = 160;

    /// <summary>My chats, most recently active first; <c>character_id</c> narrows them to one character.</summary>
    public static async Task<Results<Ok<ChatListPage>, ProblemHttpResult>> Handle(
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "character_id")] Guid? characterId, string? cursor, int? limit, CurrentUser me, KissChatDbContext db, ICharacterCatalog characters, CancellationToken cancellationToken)
    {
        var after = ChatCursor.Decode(cursor);
        if (!string.IsNullOrEmpty(cursor) && after is null)
        {
            return Problems.BadRequest("'cursor' is not a next_cursor from this listing; start again without one.");
        }

        if (limit is < 1 or > MaxLimit)
        {
            return Problems.BadRequest($"'limit' must be 1 to {MaxLimit}.");
        }

        var chats = db.Set<Chat>().AsNoTracking().Where(c => c.UserId == me.Id);
        if (characterId is { } only)
        {
            chats = chats.Where(c => c.CharacterId == only);
        }

        if (after is { UpdatedAt: var updatedAt, Id: var id })
        {
            chats = chats.Where(c => c.UpdatedAt < updatedAt || (c.UpdatedAt == updatedAt && c.Id.CompareTo(id) < 0));
        }

        var take = limit ?? DefaultLimit;
        var rows = await chats
            .OrderByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id)
            .Take(take + 1)
            .Select(c => new
            {
                Chat = c,
                Preview = db.Set<ChatMessage>()
                    .Where(m => m.ChatId == c.Id && m.Role != ChatRoles.System)
                    .OrderByDescending(m => m.Seq)
                    .Select(m => m.Content.Substring(0, PreviewLength))
                    .FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var page = rows.Take(take).ToList();
        var summaries = await characters.SummariesAsync(page.Select(r => r.Chat.CharacterId).OfType<Guid>().Distinct().ToList(), cancellationToken);
        var items = page.Select(r =>
        {
            var character = r.Chat.CharacterId is { } characterId && summaries.TryGetValue(characterId, out var found)
                ? new ChatCharacter(found.Id, found.Name, found.AvatarUrl)
                : null;
            return new ChatListItem(r.Chat.Id, r.Chat.Title, character, r.Preview, r.Chat.CreatedAt, r.Chat.UpdatedAt);
        }).ToList();
        var next = rows.Count > take ? new ChatCursor(page[^1].Chat.UpdatedAt, page[^1].Chat.Id).Encode() : null;
        return TypedResults.Ok(new ChatListPage(items, next));
    }
}

using FastEndpoints;
using KissChat.Characters.Contracts;
using KissChat.Chats.Data;
using KissChat.Chats.Folders;
using KissChat.Chats.GetChat;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats.ListChats;

internal sealed record ChatCharacter(Guid Id, string Name, string? AvatarUrl);

/// <param name="Character">Null when its author has deleted the character; the chat itself carries on.</param>
/// <param name="LastMessage">The start of the newest message, for the list's preview line.</param>
/// <param name="Folder">Your folder for it; null when it is in none.</param>
/// <param name="BranchedFrom">Where the chat was branched from, as <c>GET chat/{id}</c> says; null when it is not a branch.</param>
/// <param name="Members">A group chat's characters in their order (its <paramref name="Character"/> is null); null for a chat with one character.</param>
internal sealed record ChatListItem(
    Guid Id, string Title, ChatCharacter? Character, string? LastMessage, DateTime CreatedAt, DateTime UpdatedAt, bool IsFavorite, string? Folder,
    ChatOrigin? BranchedFrom, IReadOnlyList<ChatCharacter>? Members);

/// <summary><c>{"data": [...], "next_cursor": "..." | null}</c>.</summary>
internal sealed record ChatListPage(IReadOnlyList<ChatListItem> Data, string? NextCursor);

/// <summary>My chats, most recently active first; <c>character_id</c>, <c>favorite</c> and <c>folder</c> narrow them down.</summary>
internal sealed class ListChatsEndpoint(CurrentUser me, KissChatDbContext db, ICharacterCatalog characters)
    : Endpoint<ListChatsRequest, Ok<ChatListPage>>
{
    private const int PreviewLength = 160;

    public override void Configure()
    {
        Get("/list");
        Group<ChatsGroup>();
        Description(b => b.WithName("ListChats"));
        Summary(s => s.Summary = "My chats with character name, avatar (a group chat's members) and last message, most recent first (cursor-paginated; character_id, favorite and folder filter).");
    }

    public override async Task<Ok<ChatListPage>> ExecuteAsync(ListChatsRequest request, CancellationToken ct)
    {
        var chats = db.Set<Chat>().AsNoTracking().Where(c => c.UserId == me.Id);
        if (request.CharacterId is { } only)
        {
            chats = chats.Where(c => c.CharacterId == only);
        }

        if (request.Favorite is { } favorite)
        {
            chats = chats.Where(c => c.IsFavorite == favorite);
        }

        if (ChatFolders.Normalize(request.Folder) is { } folder)
        {
            chats = chats.Where(c => c.Folder == folder);
        }

        if (ChatCursor.Decode(request.Cursor) is { UpdatedAt: var updatedAt, Id: var id })
        {
            chats = chats.Where(c => c.UpdatedAt < updatedAt || (c.UpdatedAt == updatedAt && c.Id.CompareTo(id) < 0));
        }

        var take = request.Limit ?? ListChatsRequest.DefaultLimit;
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
            .ToListAsync(ct);
        var page = rows.Take(take).ToList();
        var groups = page.Where(r => r.Chat.GroupStrategy is not null).Select(r => r.Chat.Id).ToList();
        var members = groups.Count == 0 ? [] : await db.Set<ChatMember>().AsNoTracking().Where(m => groups.Contains(m.ChatId))
            .OrderBy(m => m.ChatId).ThenBy(m => m.Position).ToListAsync(ct);
        var summaries = await characters.SummariesAsync(
            page.Select(r => r.Chat.CharacterId).OfType<Guid>().Concat(members.Select(m => m.CharacterId)).Distinct().ToList(), ct);
        ChatCharacter? Summary(Guid? characterId) =>
            characterId is { } id && summaries.TryGetValue(id, out var found) ? new ChatCharacter(found.Id, found.Name, found.AvatarUrl) : null;
        var membersByChat = members.ToLookup(m => m.ChatId);
        var items = page.Select(r => new ChatListItem(
            r.Chat.Id, r.Chat.Title, Summary(r.Chat.CharacterId), r.Preview, r.Chat.CreatedAt, r.Chat.UpdatedAt, r.Chat.IsFavorite, r.Chat.Folder, ChatOrigin.Of(r.Chat),
            r.Chat.GroupStrategy is null ? null : [.. membersByChat[r.Chat.Id].Select(m => Summary(m.CharacterId)).OfType<ChatCharacter>()])).ToList();
        var next = rows.Count > take ? new ChatCursor(page[^1].Chat.UpdatedAt, page[^1].Chat.Id).Encode() : null;
        return TypedResults.Ok(new ChatListPage(items, next));
    }
}

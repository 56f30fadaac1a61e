using FastEndpoints;
using KissChat.Chats.Data;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats.Folders;

/// <param name="Chats">How many of my chats are in it.</param>
internal sealed record ChatFolder(string Name, int Chats);

/// <summary>The folders my chats are in, by name; a folder exists while a chat is in it.</summary>
internal sealed class ListFoldersEndpoint(CurrentUser me, KissChatDbContext db) : EndpointWithoutRequest<Ok<DataResponse<IReadOnlyList<ChatFolder>>>>
{
    public override void Configure()
    {
        Get("/folders");
        Group<ChatsGroup>();
        Description(b => b.WithName("ListChatFolders"));
        Summary(s => s.Summary = "My chat folders with how many chats each holds, by name (chat/list?folder= lists one).");
    }

    public override async Task<Ok<DataResponse<IReadOnlyList<ChatFolder>>>> ExecuteAsync(CancellationToken ct)
    {
        var folders = await db.Set<Chat>()
            .Where(c => c.UserId == me.Id && c.Folder != null)
            .GroupBy(c => c.Folder!)
            .Select(g => new ChatFolder(g.Key, g.Count()))
            .ToListAsync(ct);
        // Sorted here: each database would otherwise order names by its own collation.
        return TypedResults.Ok(new DataResponse<IReadOnlyList<ChatFolder>>([.. folders.OrderBy(f => f.Name, StringComparer.OrdinalIgnoreCase).ThenBy(f => f.Name, StringComparer.Ordinal)]));
    }
}

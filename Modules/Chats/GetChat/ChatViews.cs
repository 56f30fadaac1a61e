using KissChat.Characters.Contracts;
using KissChat.Chats.Data;
using KissChat.Chats.Groups;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats.GetChat;

internal static class ChatViews
{
    public static async Task<ChatView> LoadAsync(KissChatDbContext db, ICharacterCatalog characters, Chat chat, CancellationToken cancellationToken)
    {
        var lorebookIds = await db.Set<ChatLorebook>().Where(l => l.ChatId == chat.Id).OrderBy(l => l.Position).Select(l => l.LorebookId).ToListAsync(cancellationToken);
        var live = chat.CharacterId is { } id && (await characters.SummariesAsync([id], cancellationToken)).TryGetValue(id, out var found) ? found : null;
        var pinned = live is null && chat.PinnedAt is not null
            ? await db.Set<ChatPin>().Where(p => p.ChatId == chat.Id).Select(p => p.Card).FirstOrDefaultAsync(cancellationToken)
            : null;
        var branches = await db.Set<Chat>().AsNoTracking()
            .Where(c => c.BranchedFromChatId == chat.Id && c.UserId == chat.UserId)
            .OrderBy(c => c.CreatedAt)
            .Select(c => new ChatBranch(c.Id, c.Title, c.CreatedAt))
            .ToListAsync(cancellationToken);
        return ChatView.From(chat, lorebookIds, live, pinned, branches, await GroupView.LoadAsync(db, characters, chat, cancellationToken));
    }
}

using KissChat.Characters.Contracts;
using KissChat.Chats.Data;
using KissChat.Chats.Groups;
using KissChat.Kernel.Database;
using KissChat.Presets.Contracts;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats.GetChat;

internal sealed class ChatViews(KissChatDbContext db, ICharacterCatalog characters, IPresets presets)
{
    public async Task<ChatView> LoadAsync(Chat chat, CancellationToken cancellationToken)
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
        var group = await GroupView.LoadAsync(db, characters, chat, cancellationToken);
        return ChatView.From(chat, await SettingsAsync(chat, cancellationToken), lorebookIds, live, pinned, branches, group);
    }

    /// <summary>
    /// The chat's settings without the id of a preset deleted since it was applied (its prompts already go without it):
    /// a client sending the settings back as it got them must not be refused for a preset it cannot see.
    /// </summary>
    private async Task<ChatSettings?> SettingsAsync(Chat chat, CancellationToken cancellationToken) =>
        chat.Settings is { PresetId: { } presetId } settings && await presets.FindAsync(presetId, chat.UserId, cancellationToken) is null
            ? settings with { PresetId = null }
            : chat.Settings;
}

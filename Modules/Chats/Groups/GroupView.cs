using KissChat.Characters.Contracts;
using KissChat.Chats.Data;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats.Groups;

/// <summary>A group chat's character, in turn order.</summary>
internal sealed record GroupMemberView(Guid Id, string Name, string? AvatarUrl, bool Muted);

/// <summary>How a group chat chooses its speakers, and who they are.</summary>
internal sealed record GroupView(string Strategy, IReadOnlyList<GroupMemberView> Members)
{
    /// <summary>Null for a single-character chat (without a query).</summary>
    public static async Task<GroupView?> LoadAsync(KissChatDbContext db, ICharacterCatalog characters, Chat chat, CancellationToken cancellationToken)
    {
        if (chat.GroupStrategy is not { } strategy)
        {
            return null;
        }

        var members = await db.Set<ChatMember>().AsNoTracking().Where(m => m.ChatId == chat.Id).OrderBy(m => m.Position).ToListAsync(cancellationToken);
        var summaries = await characters.SummariesAsync([.. members.Select(m => m.CharacterId)], cancellationToken);
        return new GroupView(
            strategy,
            [.. members.Where(m => summaries.ContainsKey(m.CharacterId)).Select(m => new GroupMemberView(m.CharacterId, summaries[m.CharacterId].Name, summaries[m.CharacterId].AvatarUrl, m.Muted))]);
    }
}

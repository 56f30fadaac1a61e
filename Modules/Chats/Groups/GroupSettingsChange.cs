using KissChat.Chats.Data;
using KissChat.Kernel.Database;
using KissChat.Kernel.Files;
using KissChat.Kernel.Http;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats.Groups;

/// <summary><c>PATCH chat/{id}</c>'s <c>group</c>: changes a group chat's strategy and which members are muted (saved with the rest).</summary>
internal static class GroupSettingsChange
{
    public static async Task<ProblemHttpResult?> ApplyAsync(KissChatDbContext db, Chat chat, GroupSettingsRequest settings, CancellationToken cancellationToken)
    {
        if (chat.GroupStrategy is null)
        {
            return FieldProblem.BadRequest("group", "'group' applies to group chats only.");
        }

        if (settings.Muted is { } muted)
        {
            var members = await db.Set<ChatMember>().Where(m => m.ChatId == chat.Id).ToListAsync(cancellationToken);
            if (!muted.All(id => members.Exists(m => m.CharacterId == id)))
            {
                return FieldProblem.BadRequest("group.muted", "'group.muted' may only name characters of this group chat.");
            }

            members.ForEach(m => m.Muted = muted.Contains(m.CharacterId));
        }

        chat.GroupStrategy = settings.Strategy ?? chat.GroupStrategy;
        return null;
    }
}

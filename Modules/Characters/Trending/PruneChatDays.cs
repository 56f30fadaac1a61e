using Coravel.Invocable;
using KissChat.Characters.Data;
using KissChat.Characters.Paging;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Characters.Trending;

/// <summary>Once a day, the per-day chat counts that "trending" no longer looks at go.</summary>
internal sealed class PruneChatDays(KissChatDbContext db, TimeProvider clock) : IInvocable
{
    public Task Invoke()
    {
        var oldest = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(1 - CharacterPaging.TrendingDays);
        return db.Set<CharacterChatDay>().Where(d => d.Day < oldest).ExecuteDeleteAsync();
    }
}

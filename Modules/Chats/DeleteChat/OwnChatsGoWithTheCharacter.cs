using KissChat.Characters.Contracts;
using KissChat.Chats.Data;
using KissChat.Jobs.Contracts;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats.DeleteChat;

/// <summary>
/// An author deleting a character deletes their own chats with it, and their replies stop once that is committed (a stop
/// may end a job's row, which must not wait for the deleting transaction); other people's chats stay.
/// </summary>
internal sealed class OwnChatsGoWithTheCharacter(KissChatDbContext db, IJobs jobs) : ICharacterRemovalListener
{
    private List<Guid> removed = [];

    public async Task OnRemovingAsync(Guid characterId, Guid ownerId, CancellationToken cancellationToken)
    {
        var own = db.Set<Chat>().Where(c => c.CharacterId == characterId && c.UserId == ownerId);
        removed = await own.Select(c => c.Id).ToListAsync(cancellationToken);
        await own.ExecuteDeleteAsync(cancellationToken);
    }

    public Task OnRemovedAsync(CancellationToken cancellationToken) =>
        removed.Count == 0 ? Task.CompletedTask : jobs.StopUnfinishedAsync(removed, cancellationToken);
}

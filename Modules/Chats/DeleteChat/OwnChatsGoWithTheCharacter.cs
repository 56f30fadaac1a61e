using KissChat.Characters.Contracts;
using KissChat.Chats.Data;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats.DeleteChat;

/// <summary>An author deleting a character deletes their own chats with it; other people's chats stay.</summary>
internal sealed class OwnChatsGoWithTheCharacter(KissChatDbContext db) : ICharacterRemovalListener
{
    public Task OnRemovingAsync(Guid characterId, Guid ownerId, CancellationToken cancellationToken) =>
        db.Set<Chat>().Where(c => c.CharacterId == characterId && c.UserId == ownerId).ExecuteDeleteAsync(cancellationToken);
}

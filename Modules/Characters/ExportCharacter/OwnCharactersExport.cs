using KissChat.Characters.Cards;
using KissChat.Characters.Data;
using KissChat.Kernel.Database;
using KissChat.Kernel.Export;
using KissChat.Kernel.Files;
using KissChat.Users.Contracts;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Characters.ExportCharacter;

/// <summary>The export's <c>characters/</c>: each of the user's characters as the PNG card <c>character/export/{id}?format=png</c> gives.</summary>
internal sealed class OwnCharactersExport(KissChatDbContext db, IUserProfiles profiles, AvatarStore avatars) : IUserDataExport
{
    public async Task WriteAsync(Guid userId, UserExportArchive archive, CancellationToken cancellationToken)
    {
        var creator = (await profiles.UsernamesAsync([userId], cancellationToken)).GetValueOrDefault(userId) ?? "";
        await foreach (var character in db.Set<Character>().AsNoTracking().Where(c => c.UserId == userId).OrderBy(c => c.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var png = await CardExport.PngAsync(character, creator, avatars, cancellationToken);
            await archive.AddAsync("characters", character.Name, character.Id, "png", png, cancellationToken);
        }
    }
}

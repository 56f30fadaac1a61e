using KissChat.Characters.Cards;
using KissChat.Characters.Data;
using KissChat.Kernel.Database;
using KissChat.Kernel.Export;
using KissChat.Kernel.Files;
using KissChat.Users.Contracts;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Characters.ExportCharacter;

/// <summary>
/// The export's <c>characters/</c>: each of the user's characters as the PNG card <c>character/export/{id}?format=png</c>
/// gives, its avatar decoded in the user's turn, waited for (<see cref="DecodePlaces.TurnAsync"/>) and given back after
/// each picture, so that an upload of theirs meanwhile is refused only while one picture is in hand.
/// </summary>
internal sealed class OwnCharactersExport(KissChatDbContext db, IUserProfiles profiles, AvatarStore avatars, DecodePlaces decodePlaces) : IUserDataExport
{
    public async Task WriteAsync(Guid userId, UserExportArchive archive, CancellationToken cancellationToken)
    {
        var creator = (await profiles.UsernamesAsync([userId], cancellationToken)).GetValueOrDefault(userId) ?? "";
        await foreach (var character in db.Set<Character>().AsNoTracking().Where(c => c.UserId == userId).OrderBy(c => c.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            byte[] png;
            using (var turn = await decodePlaces.TurnAsync(userId, cancellationToken))
            {
                png = await CardExport.PngAsync(character, creator, avatars, turn, cancellationToken);
            }

            await archive.AddAsync("characters", character.Name, character.Id, "png", png, cancellationToken);
        }
    }
}

using KissChat.Characters.Data;
using KissChat.Kernel.Database;
using KissChat.Kernel.Files;
using KissChat.Kernel.Http;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Characters.UploadAvatar;

internal static class UploadCharacterAvatarEndpoint
{
    public static async Task<Results<Ok<MessageDataResponse<CharacterView>>, ProblemHttpResult>> Handle(
        Guid id, IFormFile? file, CurrentUser me, KissChatDbContext db, AvatarUploads uploads, TimeProvider clock, CancellationToken cancellationToken)
    {
        // Ownership first, so nobody else's request ever writes a file.
        var (outcome, character) = await CharacterAccessRules.FindOwnAsync(db, id, me.Id, cancellationToken);
        if (character is null)
        {
            return CharacterProblems.For(outcome);
        }

        var previous = character.AvatarUrl;
        var now = StoredTime.Now(clock);
        var (url, problem) = await uploads.ReplaceAsync(
            file,
            previous,
            (url, ct) => db.Set<Character>()
                .Where(c => c.Id == id && c.UserId == me.Id && c.AvatarUrl == previous)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.AvatarUrl, url).SetProperty(c => c.UpdatedAt, now), ct),
            cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var view = CharacterView.From(character) with { AvatarUrl = url, UpdatedAt = now };
        return TypedResults.Ok(new MessageDataResponse<CharacterView>("Avatar uploaded.", view));
    }
}

using FastEndpoints;
using KissChat.Characters.Data;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Files;
using KissChat.Kernel.Http;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Characters.UploadCharacterAvatar;

internal sealed class UploadCharacterAvatarEndpoint(KissChatDbContext db, AvatarUploads uploads, CurrentUser me, TimeProvider clock)
    : Endpoint<UploadCharacterAvatarRequest, Results<Ok<MessageDataResponse<CharacterView>>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/{id}/avatar");
        Group<CharactersGroup>();
        AllowFileUploads();
        RequestBinder(new UploadFormBinder<UploadCharacterAvatarRequest>());
        Description(b => b.WithName("UploadCharacterAvatar").AcceptsAvatarUpload().ProducesProblems(400, 403, 404, 409));
        Summary(s => s.Summary = "Upload your character's avatar: a PNG, JPEG or WebP image of at most 5 MB in the form field 'file'.");
    }

    public override async Task<Results<Ok<MessageDataResponse<CharacterView>>, ProblemHttpResult>> ExecuteAsync(
        UploadCharacterAvatarRequest request, CancellationToken ct)
    {
        // Ownership first, so nobody else's request ever writes a file.
        var (outcome, character) = await CharacterAccessRules.FindOwnAsync(db, request.Id, me.Id, ct);
        if (character is null)
        {
            return CharacterProblems.For(outcome);
        }

        var previous = character.AvatarUrl;
        var now = StoredTime.Now(clock);
        var holdingPrevious = db.Set<Character>().Where(c => c.Id == request.Id && c.UserId == me.Id && c.AvatarUrl == previous);
        var (url, problem) = await uploads.ReplaceAsync(
            me.Id,
            request.File,
            previous,
            holdingPrevious.AnyAsync,
            (url, token) => holdingPrevious.ExecuteUpdateAsync(s => s.SetProperty(c => c.AvatarUrl, url).SetProperty(c => c.UpdatedAt, now), token),
            ct);
        if (problem is not null)
        {
            return problem;
        }

        var view = CharacterView.From(character) with { AvatarUrl = url, UpdatedAt = now };
        return TypedResults.Ok(new MessageDataResponse<CharacterView>("Avatar uploaded.", view));
    }
}

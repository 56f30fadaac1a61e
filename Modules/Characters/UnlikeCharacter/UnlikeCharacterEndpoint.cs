using FastEndpoints;
using KissChat.Characters.Data;
using KissChat.Characters.LikeCharacter;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;
using KissChat.Users.Contracts;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Characters.UnlikeCharacter;

/// <param name="Id">The character, from the route.</param>
internal sealed record UnlikeCharacterRequest(Guid Id);

/// <summary>
/// Idempotent. Your like goes even when you can no longer see the character (it became private or NSFW); without a
/// like of yours to remove, the character must be one you may see, like for a like.
/// </summary>
internal sealed class UnlikeCharacterEndpoint(KissChatDbContext db, IUserProfiles profiles, CurrentUser me)
    : Endpoint<UnlikeCharacterRequest, Results<Ok<DataResponse<LikeState>>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Delete("/{id}/like");
        Group<CharactersGroup>();
        Description(b => b.WithName("UnlikeCharacter").ProducesProblems(404));
        Summary(s => s.Summary = "Take back your like of a character; without a like there is nothing to change.");
    }

    public override async Task<Results<Ok<DataResponse<LikeState>>, ProblemHttpResult>> ExecuteAsync(UnlikeCharacterRequest request, CancellationToken ct)
    {
        await using (var write = await db.BeginWriteAsync(ct))
        {
            var removed = await db.Set<CharacterLike>().Where(l => l.CharacterId == request.Id && l.UserId == me.Id).ExecuteDeleteAsync(ct);
            if (removed == 1)
            {
                await db.Set<Character>().Where(c => c.Id == request.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.LikeCount, c => c.LikeCount - 1), ct);
                await write.CommitAsync(ct);
                return TypedResults.Ok(new DataResponse<LikeState>((await LikeStates.OfAsync(db, request.Id, me.Id, ct))!));
            }
        }

        var (refusal, character) = await CharacterAccessRules.FindReadableAsync(db, profiles, request.Id, me.Id, ct);
        return character is null
            ? CharacterProblems.For(refusal)
            : TypedResults.Ok(new DataResponse<LikeState>(new LikeState(character.Id, false, character.LikeCount)));
    }
}

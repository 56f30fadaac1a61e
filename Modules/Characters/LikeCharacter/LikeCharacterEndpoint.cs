using FastEndpoints;
using KissChat.Characters.Data;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;
using KissChat.Users.Contracts;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Characters.LikeCharacter;

/// <summary>Idempotent: liking twice is one like. The like and the count change in one transaction.</summary>
internal sealed class LikeCharacterEndpoint(KissChatDbContext db, IUserProfiles profiles, CurrentUser me, TimeProvider clock)
    : Endpoint<LikeCharacterRequest, Results<Ok<DataResponse<LikeState>>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Put("/{id}/like");
        Group<CharactersGroup>();
        Description(b => b.WithName("LikeCharacter").ProducesProblems(404));
        Summary(s => s.Summary = "Like a character you may see (yours, or a public one); liking it again changes nothing.");
    }

    public override async Task<Results<Ok<DataResponse<LikeState>>, ProblemHttpResult>> ExecuteAsync(LikeCharacterRequest request, CancellationToken ct)
    {
        var (refusal, _) = await CharacterAccessRules.FindReadableAsync(db, profiles, request.Id, me.Id, ct);
        if (refusal != ReadRefusal.None)
        {
            return CharacterProblems.For(refusal);
        }

        try
        {
            await using var write = await db.BeginWriteAsync(ct);
            if (!await db.Set<CharacterLike>().AnyAsync(l => l.CharacterId == request.Id && l.UserId == me.Id, ct))
            {
                db.Add(new CharacterLike { CharacterId = request.Id, UserId = me.Id, CreatedAt = StoredTime.Now(clock) });
                await db.SaveChangesAsync(ct);
                await db.Set<Character>().Where(c => c.Id == request.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.LikeCount, c => c.LikeCount + 1), ct);
                await write.CommitAsync(ct);
            }
        }
        catch (DbUpdateException)
        {
            // The same user's like at the same moment from another request won: one like it is. (Or the character was
            // deleted meanwhile, which the state below tells.)
            db.ChangeTracker.Clear();
        }

        return await LikeStates.OfAsync(db, request.Id, me.Id, ct) is { } state
            ? TypedResults.Ok(new DataResponse<LikeState>(state))
            : CharacterProblems.For(ReadRefusal.NotFound);
    }
}

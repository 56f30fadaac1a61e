using FastEndpoints;
using KissChat.Characters.Catalog;
using KissChat.Characters.Contracts;
using KissChat.Characters.Data;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Files;
using KissChat.Kernel.Http;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Characters.UpdateCharacter;

/// <summary>Making a public character private first lets other users' chats with it keep it as it is (they pin a copy).</summary>
internal sealed class UpdateCharacterEndpoint(
    KissChatDbContext db, AvatarStore avatars, IEnumerable<ICharacterWithdrawalListener> withdrawals, CurrentUser me, TimeProvider clock)
    : Endpoint<UpdateCharacterRequest, Results<Ok<MessageDataResponse<CharacterView>>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Patch("/update/{id}");
        Group<CharactersGroup>();
        RequestBinder(new PartialBodyBinder<UpdateCharacterRequest>());
        Description(b => b.WithName("UpdateCharacter").ProducesProblems(403, 404, 409));
        Summary(s => s.Summary = "Change some fields of your character: absent fields stay, null clears (name cannot be cleared).");
    }

    public override async Task<Results<Ok<MessageDataResponse<CharacterView>>, ProblemHttpResult>> ExecuteAsync(
        UpdateCharacterRequest request, CancellationToken ct)
    {
        var (outcome, character) = await CharacterAccessRules.FindOwnAsync(db, request.Id, me.Id, ct);
        if (character is null)
        {
            return CharacterProblems.For(outcome);
        }

        var previousAvatar = character.AvatarUrl;
        if (request.Sets(nameof(request.AvatarUrl)) && !AvatarLocation.CanAssign(request.AvatarUrl, previousAvatar))
        {
            return AvatarLocation.NotAssignable();
        }

        var wasPublic = character.Visibility == CharacterVisibility.Public;
        var before = CharacterCards.ForOthers(character);
        request.ApplyTo(character);
        character.UpdatedAt = StoredTime.Now(clock);
        await using var transaction = await db.BeginWriteAsync(ct);
        var holdingPrevious = db.Set<Character>().Where(c => c.Id == request.Id && c.AvatarUrl == previousAvatar);
        if (!await AvatarLocation.TryWriteAsync(holdingPrevious, c => c.AvatarUrl, previousAvatar, character.AvatarUrl, ct))
        {
            return AvatarLocation.ChangedMeanwhile();
        }

        if (wasPublic && character.Visibility != CharacterVisibility.Public)
        {
            foreach (var listener in withdrawals)
            {
                await listener.OnWithdrawingAsync(before, me.Id, ct);
            }
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(CancellationToken.None);
        if (character.AvatarUrl != previousAvatar)
        {
            avatars.Delete(previousAvatar);
        }

        return TypedResults.Ok(new MessageDataResponse<CharacterView>("Character updated.", CharacterView.From(character)));
    }
}

using FastEndpoints;
using KissChat.Characters.Catalog;
using KissChat.Characters.Contracts;
using KissChat.Characters.Data;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Files;
using KissChat.Kernel.Http;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Characters.DeleteCharacter;

/// <summary>
/// The author's own chats with the character go with it; other people's chats with a public character stay
/// (they pin a copy of the character as it was and keep their history; only the link goes).
/// </summary>
internal sealed class DeleteCharacterEndpoint(
    KissChatDbContext db,
    AvatarStore avatars,
    IEnumerable<ICharacterWithdrawalListener> withdrawals,
    IEnumerable<ICharacterRemovalListener> listeners,
    CurrentUser me)
    : Endpoint<DeleteCharacterRequest, Results<Ok<MessageResponse>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Delete("/delete/{id}");
        Group<CharactersGroup>();
        Description(b => b.WithName("DeleteCharacter").ProducesProblems(400, 403, 404, 409));
        Summary(s => s.Summary = "Delete your character together with every chat with it.");
    }

    public override async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> ExecuteAsync(DeleteCharacterRequest request, CancellationToken ct)
    {
        var (outcome, character) = await CharacterAccessRules.FindOwnAsync(db, request.Id, me.Id, ct);
        if (character is null)
        {
            return CharacterProblems.For(outcome);
        }

        await using var transaction = await db.BeginWriteAsync(ct);
        var card = CharacterCards.ForOthers(character);
        foreach (var withdrawal in withdrawals)
        {
            await withdrawal.OnWithdrawingAsync(card, me.Id, ct);
        }

        foreach (var listener in listeners)
        {
            await listener.OnRemovingAsync(request.Id, me.Id, ct);
        }

        // Only with the avatar it read, whose file it deletes after: one uploaded meanwhile would stay with no row.
        var deleted = await db.Set<Character>().Where(c => c.Id == request.Id && c.UserId == me.Id && c.AvatarUrl == character.AvatarUrl).ExecuteDeleteAsync(ct);
        if (deleted == 0)
        {
            return await db.Set<Character>().AnyAsync(c => c.Id == request.Id, ct)
                ? AvatarLocation.ChangedMeanwhile()
                : CharacterProblems.For(CharacterAccessOutcome.NotFound);
        }

        await transaction.CommitAsync(CancellationToken.None);
        // The character is gone whatever happens now: a client leaving must not skip what follows (its chats' replies
        // stopped, its avatar file deleted), as a chat's delete does not.
        foreach (var listener in listeners)
        {
            await listener.OnRemovedAsync(CancellationToken.None);
        }

        avatars.Delete(character.AvatarUrl);
        return TypedResults.Ok(new MessageResponse("Character deleted."));
    }
}

using KissChat.Characters.Contracts;
using KissChat.Characters.Data;
using KissChat.Kernel.Database;
using KissChat.Kernel.Files;
using KissChat.Kernel.Http;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Characters.DeleteCharacter;

internal static class DeleteCharacterEndpoint
{
    /// <summary>
    /// The author's own chats with the character go with it; other people's chats with a public character stay
    /// (they keep their own prompt and history and only lose the link).
    /// </summary>
    public static async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> Handle(
        Guid id, CurrentUser me, KissChatDbContext db, AvatarStore avatars, IEnumerable<ICharacterRemovalListener> listeners, CancellationToken cancellationToken)
    {
        var (outcome, character) = await CharacterAccessRules.FindOwnAsync(db, id, me.Id, cancellationToken);
        if (character is null)
        {
            return CharacterProblems.For(outcome);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var listener in listeners)
        {
            await listener.OnRemovingAsync(id, me.Id, cancellationToken);
        }

        var deleted = await db.Set<Character>().Where(c => c.Id == id && c.UserId == me.Id).ExecuteDeleteAsync(cancellationToken);
        if (deleted == 0)
        {
            return CharacterProblems.For(CharacterAccessOutcome.NotFound);
        }

        await transaction.CommitAsync(cancellationToken);

        avatars.Delete(character.AvatarUrl);
        return TypedResults.Ok(new MessageResponse("Character deleted."));
    }
}

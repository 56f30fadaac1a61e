using KissChat.Characters.Contracts;
using KissChat.Characters.Data;
using KissChat.Kernel.Database;
using KissChat.Kernel.Files;
using KissChat.Kernel.Http;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Characters.DeleteCharacter;

internal static class DeleteCharacterEndpoint
{
    /// <summary>The character's chats and their messages go with it: the chats table references it with ON DELETE CASCADE.</summary>
    public static async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> Handle(
        Guid id, CurrentUser me, KissChatDbContext db, AvatarStore avatars, CancellationToken cancellationToken)
    {
        var (outcome, character) = await CharacterAccessRules.FindOwnAsync(db, id, me.Id, cancellationToken);
        if (character is null)
        {
            return CharacterProblems.For(outcome);
        }

        var deleted = await db.Set<Character>().Where(c => c.Id == id && c.UserId == me.Id).ExecuteDeleteAsync(cancellationToken);
        if (deleted == 0)
        {
            return CharacterProblems.For(CharacterAccessOutcome.NotFound);
        }

        avatars.Delete(character.AvatarUrl);
        return TypedResults.Ok(new MessageResponse("Character deleted."));
    }
}

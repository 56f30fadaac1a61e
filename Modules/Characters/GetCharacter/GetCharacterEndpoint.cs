using KissChat.Characters.Contracts;
using KissChat.Characters.Data;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;

namespace KissChat.Characters.GetCharacter;

internal static class GetCharacterEndpoint
{
    public static async Task<Results<Ok<DataResponse<CharacterView>>, ProblemHttpResult>> Handle(
        Guid id, CurrentUser me, KissChatDbContext db, CancellationToken cancellationToken)
    {
        var (outcome, character) = await OwnedCharacter.FindAsync(db, id, me.Id, cancellationToken);
        return outcome switch
        {
            CharacterAccessOutcome.Found => TypedResults.Ok(new DataResponse<CharacterView>(CharacterView.From(character!))),
            CharacterAccessOutcome.Forbidden => Problems.Forbidden("You do not own this character."),
            _ => Problems.NotFound("Character not found."),
        };
    }
}

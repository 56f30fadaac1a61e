using KissChat.Characters.Data;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;

namespace KissChat.Characters.GetCharacter;

internal static class GetCharacterEndpoint
{
    public static async Task<Results<Ok<DataResponse<CharacterView>>, ProblemHttpResult>> Handle(
        Guid id, CurrentUser me, KissChatDbContext db, CancellationToken cancellationToken)
    {
        var (outcome, character) = await CharacterAccessRules.FindReadableAsync(db, id, me.Id, cancellationToken);
        return character is null
            ? CharacterProblems.For(outcome)
            : TypedResults.Ok(new DataResponse<CharacterView>(CharacterView.From(character)));
    }
}

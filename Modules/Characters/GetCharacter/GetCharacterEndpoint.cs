using FastEndpoints;
using KissChat.Characters.Data;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;

namespace KissChat.Characters.GetCharacter;

internal sealed class GetCharacterEndpoint(KissChatDbContext db, CurrentUser me)
    : Endpoint<GetCharacterRequest, Results<Ok<DataResponse<CharacterView>>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/get/{id}");
        Group<CharactersGroup>();
        Description(b => b.WithName("GetCharacter").ProducesProblems(400, 403, 404));
        Summary(s => s.Summary = "Get one of your characters, or anyone's public one.");
    }

    public override async Task<Results<Ok<DataResponse<CharacterView>>, ProblemHttpResult>> ExecuteAsync(GetCharacterRequest request, CancellationToken ct)
    {
        var (outcome, character) = await CharacterAccessRules.FindReadableAsync(db, request.Id, me.Id, ct);
        return character is null
            ? CharacterProblems.For(outcome)
            : TypedResults.Ok(new DataResponse<CharacterView>(CharacterView.From(character)));
    }
}

using FastEndpoints;
using KissChat.Characters.Data;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;
using KissChat.Users.Contracts;

namespace KissChat.Characters.GetCharacter;

internal sealed class GetCharacterEndpoint(KissChatDbContext db, IUserProfiles profiles, CurrentUser me)
    : Endpoint<GetCharacterRequest, Results<Ok<DataResponse<CharacterView>>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/get/{id}");
        Group<CharactersGroup>();
        Description(b => b.WithName("GetCharacter").ProducesProblems(400, 403, 404));
        Summary(s => s.Summary = "Get one of your characters, or anyone's public one: its definition only when its author made it public "
            + "(definition_visibility), and an NSFW one only when you turned show_nsfw on and are 18 or over.");
    }

    public override async Task<Results<Ok<DataResponse<CharacterView>>, ProblemHttpResult>> ExecuteAsync(GetCharacterRequest request, CancellationToken ct)
    {
        var (refusal, character) = await CharacterAccessRules.FindReadableAsync(db, profiles, request.Id, me.Id, ct);
        return character is null
            ? CharacterProblems.For(refusal)
            : TypedResults.Ok(new DataResponse<CharacterView>(CharacterDefinition.ViewFor(character, me.Id)));
    }
}

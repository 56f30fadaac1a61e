using FastEndpoints;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Files;
using KissChat.Kernel.Http;

namespace KissChat.Characters.CreateCharacter;

internal sealed class CreateCharacterEndpoint(KissChatDbContext db, CurrentUser me, TimeProvider clock)
    : Endpoint<CreateCharacterRequest, Results<Created<MessageDataResponse<CharacterView>>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/create");
        Group<CharactersGroup>();
        Description(b => b.WithName("CreateCharacter").ProducesProblems(409));
        Summary(s => s.Summary = "Create a character you own, with any of its physical, personality and behavior attributes and its visibility.");
    }

    public override async Task<Results<Created<MessageDataResponse<CharacterView>>, ProblemHttpResult>> ExecuteAsync(
        CreateCharacterRequest request, CancellationToken ct)
    {
        var character = NewCharacters.From(request, me.Id, clock);
        if (!AvatarLocation.CanAssign(character.AvatarUrl, current: null))
        {
            return AvatarLocation.NotAssignable();
        }

        return await NewCharacters.SaveAsync(character, db, ct) is { } problem ? problem : NewCharacters.Created(character, "Character created.");
    }
}

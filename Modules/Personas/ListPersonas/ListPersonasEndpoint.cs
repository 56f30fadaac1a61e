using FastEndpoints;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;

namespace KissChat.Personas.ListPersonas;

internal sealed class ListPersonasEndpoint(KissChatDbContext db, CurrentUser me) : EndpointWithoutRequest<Ok<DataResponse<IReadOnlyList<PersonaView>>>>
{
    public override void Configure()
    {
        Get("/list");
        Group<PersonasGroup>();
        Description(b => b.WithName("ListPersonas"));
        Summary(s => s.Summary = "Your personas, oldest first; is_default marks the one chats use unless they choose another.");
    }

    public override async Task<Ok<DataResponse<IReadOnlyList<PersonaView>>>> ExecuteAsync(CancellationToken ct)
    {
        var personas = await OwnPersonas.ListAsync(db, me.Id, ct);
        return TypedResults.Ok(new DataResponse<IReadOnlyList<PersonaView>>([.. personas.Select(PersonaView.From)]));
    }
}

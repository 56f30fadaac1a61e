using FastEndpoints;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;
using KissChat.Personas.Data;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Personas.DeletePersona;

/// <param name="Id">The persona, from the route.</param>
internal sealed record DeletePersonaRequest(Guid Id);

/// <summary>Deletes the persona; chats that used it go back to the default persona.</summary>
internal sealed class DeletePersonaEndpoint(KissChatDbContext db, CurrentUser me)
    : Endpoint<DeletePersonaRequest, Results<Ok<MessageResponse>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Delete("/delete/{id}");
        Group<PersonasGroup>();
        Description(b => b.WithName("DeletePersona").ProducesProblems(403, 404));
        Summary(s => s.Summary = "Delete your persona; chats that used it use your default persona from then on.");
    }

    public override async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> ExecuteAsync(DeletePersonaRequest request, CancellationToken ct)
    {
        if (await db.CheckOwnAsync<Persona>(request.Id, me.Id, "Persona", ct) is { } problem)
        {
            return problem;
        }

        await db.Set<Persona>().Where(p => p.Id == request.Id && p.UserId == me.Id).ExecuteDeleteAsync(ct);
        return TypedResults.Ok(new MessageResponse("Persona deleted."));
    }
}

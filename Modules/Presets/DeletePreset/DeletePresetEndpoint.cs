using FastEndpoints;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;
using KissChat.Presets.Data;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Presets.DeletePreset;

/// <param name="Id">The preset, from the route.</param>
internal sealed record DeletePresetRequest(Guid Id);

/// <summary>Deletes the preset; chats that applied it keep their own settings and the server's defaults.</summary>
internal sealed class DeletePresetEndpoint(KissChatDbContext db, CurrentUser me)
    : Endpoint<DeletePresetRequest, Results<Ok<MessageResponse>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Delete("/delete/{id}");
        Group<PresetsGroup>();
        Description(b => b.WithName("DeletePreset").ProducesProblems(403, 404));
        Summary(s => s.Summary = "Delete your preset; chats that applied it carry on without it.");
    }

    public override async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> ExecuteAsync(DeletePresetRequest request, CancellationToken ct)
    {
        if (await db.CheckOwnAsync<Preset>(request.Id, me.Id, "Preset", ct) is { } problem)
        {
            return problem;
        }

        await db.Set<Preset>().Where(p => p.Id == request.Id && p.UserId == me.Id).ExecuteDeleteAsync(ct);
        return TypedResults.Ok(new MessageResponse("Preset deleted."));
    }
}

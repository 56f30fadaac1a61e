using FastEndpoints;
using KissChat.Jobs.Contracts;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;

namespace KissChat.Chats.ActiveGeneration;

internal sealed record ActiveGenerationRequest(Guid Id);

/// <param name="StreamUrl">Where to resume the stream (with Last-Event-ID).</param>
internal sealed record ActiveGeneration(Guid JobId, string StreamUrl);

/// <summary>The seed's <c>{"data": …}</c> envelope, whose data is null while nothing is being generated.</summary>
internal sealed record ActiveGenerationResponse(ActiveGeneration? Data);

/// <summary>Which generation is running in a chat, so a client that comes back can resume its stream.</summary>
internal sealed class ActiveGenerationEndpoint(CurrentUser me, KissChatDbContext db, IJobs jobs)
    : Endpoint<ActiveGenerationRequest, Results<Ok<ActiveGenerationResponse>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/{id}/active");
        Group<ChatsGroup>();
        Description(b => b.WithName("GetActiveGeneration").ProducesProblems(403, 404));
        Summary(s => s.Summary = "The generation running in a chat, if any, and where to resume its stream.");
    }

    public override async Task<Results<Ok<ActiveGenerationResponse>, ProblemHttpResult>> ExecuteAsync(ActiveGenerationRequest request, CancellationToken ct)
    {
        var (chat, problem) = await ChatAccess.FindOwnAsync(db, request.Id, me.Id, ct);
        if (chat is null)
        {
            return problem!;
        }

        var running = await jobs.FindUnfinishedAsync(request.Id, ct);
        return TypedResults.Ok(new ActiveGenerationResponse(running is null ? null : new ActiveGeneration(running.Id, $"/api/v1/chat/stream/{running.Id}")));
    }
}

using FastEndpoints;
using KissChat.Chats.Memory;
using KissChat.Jobs.Contracts;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;

namespace KissChat.Chats.RebuildMemory;

/// <param name="Id">The chat, from the route.</param>
internal sealed record RebuildMemoryRequest(Guid Id);

/// <summary>
/// Redoes the summary from the chat's first message, its snapshots dropped; the prompt keeps the current one until the
/// first round replaces it.
/// </summary>
internal sealed class RebuildMemoryEndpoint(CurrentUser me, KissChatDbContext db, IJobs jobs, ChatMemories memories, MemoryOptions options)
    : Endpoint<RebuildMemoryRequest, Results<Accepted<MessageDataResponse<MemoryView>>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/{id}/memory/rebuild");
        Group<ChatsGroup>();
        Description(b => b.WithName("RebuildChatMemory").ProducesProblems(403, 404, 409));
        Summary(s => s.Summary = "Redo the chat's running summary from scratch, in the background (202, with the summary job's id).");
    }

    public override async Task<Results<Accepted<MessageDataResponse<MemoryView>>, ProblemHttpResult>> ExecuteAsync(RebuildMemoryRequest request, CancellationToken ct)
    {
        var (chat, problem) = await ChatAccess.FindOwnAsync(db, request.Id, me.Id, ct);
        if (chat is null)
        {
            return problem!;
        }

        if (!options.Enabled)
        {
            return Problems.Conflict("Memory is turned off on this server (Memory:Enabled).");
        }

        var jobId = await memories.ChangeAsync(new SummaryPayload(chat.Id), me.Id, memory =>
        {
            memory.Stale = true;
            memory.LastError = null;
            memory.Attempts = 0;
            memory.RetryAt = null;
        }, queue: true, ct);
        // The job may already have finished when the view is read: the answer names it anyway, as its Location does.
        var view = await MemoryViews.ReadAsync(db, jobs, chat.Id, ct) with { JobId = jobId };
        return TypedResults.Accepted($"/api/v1/job/status/{jobId}", new MessageDataResponse<MemoryView>("Rebuilding the summary.", view));
    }
}

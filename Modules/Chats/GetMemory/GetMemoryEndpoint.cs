using FastEndpoints;
using KissChat.Chats.Memory;
using KissChat.Jobs.Contracts;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;

namespace KissChat.Chats.GetMemory;

/// <param name="Id">The chat, from the route.</param>
internal sealed record GetMemoryRequest(Guid Id);

/// <summary>The chat's running summary, the messages it covers, and whether it is current, being written, stale or failed.</summary>
internal sealed class GetMemoryEndpoint(CurrentUser me, KissChatDbContext db, IJobs jobs)
    : Endpoint<GetMemoryRequest, Results<Ok<DataResponse<MemoryView>>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/{id}/memory");
        Group<ChatsGroup>();
        Description(b => b.WithName("GetChatMemory").ProducesProblems(403, 404));
        Summary(s => s.Summary = "The chat's running summary (what the prompt carries for the messages it leaves out), what it covers, and its state.");
    }

    public override async Task<Results<Ok<DataResponse<MemoryView>>, ProblemHttpResult>> ExecuteAsync(GetMemoryRequest request, CancellationToken ct)
    {
        var (chat, problem) = await ChatAccess.FindOwnAsync(db, request.Id, me.Id, ct);
        return chat is null ? problem! : TypedResults.Ok(new DataResponse<MemoryView>(await MemoryViews.ReadAsync(db, jobs, chat.Id, ct)));
    }
}

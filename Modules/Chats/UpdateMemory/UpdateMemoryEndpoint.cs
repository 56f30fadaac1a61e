using FastEndpoints;
using KissChat.Chats.Memory;
using KissChat.Jobs.Contracts;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;

namespace KissChat.Chats.UpdateMemory;

/// <summary>
/// The user corrects the summary: it covers what it covered, is no longer stale or failed, and later summaries fold new
/// messages into the corrected text; an edit of a later message goes back to it (it is the snapshot there). A summary job
/// running meanwhile does not overwrite it.
/// </summary>
internal sealed class UpdateMemoryEndpoint(CurrentUser me, KissChatDbContext db, IJobs jobs, ChatMemories memories)
    : Endpoint<UpdateMemoryRequest, Results<Ok<MessageDataResponse<MemoryView>>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Put("/{id}/memory");
        Group<ChatsGroup>();
        Description(b => b.WithName("UpdateChatMemory").ProducesProblems(400, 403, 404));
        Summary(s => s.Summary = "Correct the chat's running summary.");
    }

    public override async Task<Results<Ok<MessageDataResponse<MemoryView>>, ProblemHttpResult>> ExecuteAsync(UpdateMemoryRequest request, CancellationToken ct)
    {
        var (chat, problem) = await ChatAccess.FindOwnAsync(db, request.Id, me.Id, ct);
        if (chat is null)
        {
            return problem!;
        }

        await memories.ChangeAsync(new SummaryPayload(chat.Id), me.Id, memory =>
        {
            memory.Summary = request.Summary!.Trim();
            memory.Stale = false;
            memory.LastError = null;
            memory.Attempts = 0;
            memory.RetryAt = null;
        }, queue: false, ct);
        return TypedResults.Ok(new MessageDataResponse<MemoryView>("Summary updated.", await MemoryViews.ReadAsync(db, jobs, chat.Id, ct)));
    }
}

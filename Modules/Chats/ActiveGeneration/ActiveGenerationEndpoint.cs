using KissChat.Jobs.Contracts;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;

namespace KissChat.Chats.ActiveGeneration;

internal static class ActiveGenerationEndpoint
{
    /// <param name="StreamUrl">Where to resume the stream (with Last-Event-ID).</param>
    internal sealed record ActiveGeneration(Guid JobId, string StreamUrl);

    /// <summary>Which generation is running in a chat, so a client that comes back can resume its stream.</summary>
    public static async Task<Results<Ok<DataResponse<ActiveGeneration?>>, ProblemHttpResult>> Handle(
        Guid id, CurrentUser me, KissChatDbContext db, IJobs jobs, CancellationToken cancellationToken)
    {
        var (chat, problem) = await ChatAccess.FindOwnAsync(db, id, me.Id, cancellationToken);
        if (chat is null)
        {
            return problem!;
        }

        var running = await jobs.FindUnfinishedAsync(id, cancellationToken);
        return TypedResults.Ok(new DataResponse<ActiveGeneration?>(running is null ? null : new ActiveGeneration(running.Id, $"/api/v1/chat/stream/{running.Id}")));
    }
}

using FastEndpoints;
using KissChat.Chats.Data;
using KissChat.Jobs.Contracts;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace KissChat.Chats.DeleteChat;

/// <param name="Id">The chat, from the route.</param>
internal sealed record DeleteChatRequest(Guid Id);

/// <summary>Deletes the chat and its messages; a reply still running for it is stopped then, and ends failed and refunded.</summary>
internal sealed class DeleteChatEndpoint(CurrentUser me, KissChatDbContext db, IJobs jobs, ILogger<DeleteChatEndpoint> logger)
    : Endpoint<DeleteChatRequest, Results<Ok<MessageResponse>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Delete("/{id}");
        Group<ChatsGroup>();
        Description(b => b.WithName("DeleteChat").ProducesProblems(403, 404));
        Summary(s => s.Summary = "Delete a chat and its messages.");
    }

    public override async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> ExecuteAsync(DeleteChatRequest request, CancellationToken ct)
    {
        var (chat, problem) = await ChatAccess.FindOwnAsync(db, request.Id, me.Id, ct);
        if (chat is null)
        {
            return problem!;
        }

        // Stopped only once the chat is gone: a stop that came first raced the delete, its reply kept as stopped and paid
        // for, or failed and refunded, by which committed first. Now every reply the delete cuts short finds no chat to
        // store into, and ends failed and refunded; one stored before the delete was a whole reply. This also finds a
        // reply whose start was committing as the chat was looked up: the delete waited for it.
        await db.Set<Chat>().Where(c => c.Id == request.Id).ExecuteDeleteAsync(ct);
        try
        {
            // The chat is gone whatever happens now: a client leaving must not keep its reply running to its end.
            await jobs.StopUnfinishedAsync([request.Id], CancellationToken.None);
        }
        catch (Exception exception) when (DatabaseUnavailable.Is(exception))
        {
            // The reply ends failed and refunded when it comes to store itself (or the sweep ends it); it only runs longer.
            logger.LogWarning(exception, "Could not stop the reply of deleted chat {ChatId}", request.Id);
        }

        return TypedResults.Ok(new MessageResponse("Chat deleted."));
    }
}

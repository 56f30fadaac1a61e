using System.Text.Json;
using KissChat.Chats.Data;
using KissChat.Chats.Replies;
using KissChat.Jobs.Contracts;
using KissChat.Jobs.Streaming;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats.SendMessage;

internal static class SendMessageEndpoint
{
    /// <summary>
    /// Stores the user's message and the reply job together, then streams the job. The job runs on its own:
    /// closing this stream does not stop it, and <c>GET /chat/stream/{jobId}</c> picks the stream up again.
    /// </summary>
    public static async Task<Results<JobEventStream, ProblemHttpResult>> Handle(
        SendMessageRequest request, CurrentUser me, KissChatDbContext db, IJobs jobs, TimeProvider clock, CancellationToken cancellationToken)
    {
        var chatId = request.ChatId!.Value;
        var (chat, problem) = await ChatAccess.FindOwnAsync(db, chatId, me.Id, cancellationToken);
        if (chat is null)
        {
            return problem!;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Touching the chat row first locks it, so two prompts sent at once see each other's job.
        await db.Set<Chat>().Where(c => c.Id == chatId).ExecuteUpdateAsync(s => s.SetProperty(c => c.UpdatedAt, now), cancellationToken);
        if (await jobs.HasUnfinishedAsync(chatId, cancellationToken))
        {
            return Problems.Conflict("A reply is still being generated in this chat; wait for it, or resume its stream.");
        }

        var seq = await db.Set<ChatMessage>().Where(m => m.ChatId == chatId).MaxAsync(m => (int?)m.Seq, cancellationToken) ?? 0;
        db.Add(new ChatMessage { Id = Guid.CreateVersion7(), ChatId = chatId, Seq = seq + 1, Role = ChatRoles.User, Content = request.Prompt!, CreatedAt = now });
        var payload = JsonSerializer.Serialize(new ReplyPayload(chatId, request.MaxTokens, request.Temperature, request.Model));
        var jobId = jobs.Add(new NewJob(ChatReplyHandler.Kind, me.Id, chatId, payload));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return Problems.Conflict("Another message was sent to this chat at the same moment; try again.");
        }

        jobs.Enqueue(jobId);
        return jobs.Stream(new JobInfo(jobId, me.Id, ChatReplyHandler.Kind, chatId, payload), after: 0);
    }
}

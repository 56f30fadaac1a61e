using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KissChat.Chats.Data;
using KissChat.Inference;
using KissChat.Jobs.Contracts;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using ChatMessage = KissChat.Chats.Data.ChatMessage;

namespace KissChat.Chats.Replies;

/// <summary>
/// Generates one assistant reply: streams the model's tokens as frames, and stores the reply only when it is
/// complete and not empty. A provider failure ends the job failed with the provider's clear message; the
/// user's message stays.
/// </summary>
internal sealed class ChatReplyHandler(
    KissChatDbContext db,
    IChatClient model,
    InferenceOptions inference,
    ChatsOptions chats,
    TimeProvider clock) : IJobHandler
{
    public const string Kind = "chat.reply";
    private static readonly TimeSpan RetryBackoff = TimeSpan.FromSeconds(1);

    public async Task<JobOutcome> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.Deserialize<ReplyPayload>(context.Job.Payload)!;
        var history = await ChatHistory.ForModelAsync(db, payload.ChatId, chats.HistoryLoadLimit, cancellationToken);
        var messages = ContextWindow.Fit(history, inference.ContextBudgetTokens);
        var maxTokens = payload.MaxTokens ?? inference.MaxTokens;
        var options = new ChatOptions
        {
            ModelId = payload.Model ?? inference.DefaultModel,
            MaxOutputTokens = maxTokens,
            Temperature = (float)(payload.Temperature ?? inference.Temperature),
        };

        var reply = new StringBuilder();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await foreach (var update in model.GetStreamingResponseAsync(messages, options, cancellationToken))
                {
                    if (string.IsNullOrEmpty(update.Text))
                    {
                        continue;
                    }

                    reply.Append(update.Text);
                    context.Emit(JobFrames.TokenFrame(update.Text));
                    context.Progress = Math.Min(99, reply.Length / 4 * 100 / Math.Max(1, maxTokens));
                }

                break;
            }
            catch (ModelProviderException exception) when (exception.IsTransient && reply.Length == 0 && attempt == 1)
            {
                // Nothing was streamed yet, so one more try cannot duplicate text on the client.
                await Task.Delay(RetryBackoff, clock, cancellationToken);
            }
            catch (ModelProviderException exception)
            {
                return JobOutcome.Failed(reply.Length == 0
                    ? exception.Message
                    : $"{exception.Message} The partial reply was not saved.");
            }
        }

        if (string.IsNullOrWhiteSpace(reply.ToString()))
        {
            return JobOutcome.Failed("The model returned an empty reply.");
        }

        var message = await AppendReplyAsync(payload.ChatId, context.Job.Id, reply.ToString(), cancellationToken);
        return JobOutcome.Completed(new JsonObject
        {
            ["response"] = message.Content,
            ["chat_id"] = payload.ChatId.ToString(),
            ["message_id"] = message.Id.ToString(),
        });
    }

    public async Task<JsonObject> ExpandResultAsync(JobInfo job, JsonObject storedResult, CancellationToken cancellationToken)
    {
        var chatId = job.SubjectId!.Value;
        var messageId = Guid.TryParse((string?)storedResult["message_id"], out var id) ? id : Guid.Empty;
        var untilSeq = await db.Set<ChatMessage>().Where(m => m.Id == messageId).Select(m => (int?)m.Seq).FirstOrDefaultAsync(cancellationToken)
            ?? int.MaxValue;
        var history = await ChatHistory.UntilAsync(db, chatId, untilSeq, cancellationToken);
        var expanded = storedResult.DeepClone().AsObject();
        expanded["chatHistory"] = new JsonArray(history.Select(h => (JsonNode)new JsonObject { ["role"] = h.Role, ["content"] = h.Content }).ToArray());
        return expanded;
    }

    /// <summary>Added to the job's unit of work: saved with the job's completed state, or not at all.</summary>
    private async Task<ChatMessage> AppendReplyAsync(Guid chatId, Guid jobId, string content, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var seq = await db.Set<ChatMessage>().Where(m => m.ChatId == chatId).MaxAsync(m => (int?)m.Seq, cancellationToken) ?? 0;
        var message = new ChatMessage { Id = Guid.CreateVersion7(), ChatId = chatId, Seq = seq + 1, Role = ChatRoles.Assistant, Content = content, JobId = jobId, CreatedAt = now };
        db.Add(message);
        var chat = await db.Set<Chat>().FirstAsync(c => c.Id == chatId, cancellationToken);
        chat.UpdatedAt = now;
        return message;
    }
}

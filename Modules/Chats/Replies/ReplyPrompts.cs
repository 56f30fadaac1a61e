using KissChat.Chats.Prompt;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ChatMessage = KissChat.Chats.Data.ChatMessage;

namespace KissChat.Chats.Replies;

/// <summary>A reply's prompt, or why there is none.</summary>
internal sealed record ReplyPrompt(BuiltPrompt? Prompt, string? Refusal);

/// <summary>
/// Reads a reply job's prompt in a scope of its own, which ends before the model is called. A reply's start begins the
/// read while its transaction commits (<see cref="Begin"/>) and hands it to its job: the model is still asked only once
/// the job runs, after the commit, but the prompt's reads no longer wait for the commit, nor the commit for them. A job
/// without that head start (recovered after a restart, or whose early read failed) reads its prompt when it runs.
/// </summary>
internal sealed class ReplyPrompts(IServiceScopeFactory scopes, ILogger<ReplyPrompts> logger)
{
    public const string TargetGone = "The message to regenerate or continue no longer exists.";

    /// <summary>
    /// Starts reading the prompt of a reply whose start holds the chat's lock and has stored what it stores: the chat
    /// cannot change before the commit, and the one change the read cannot see until then, the user's message, is
    /// <see cref="ReplyPayload.Sent"/>. On another thread, since SQLite's reads run to their end before they return.
    /// Never faults: a read that failed is null, and the job reads again.
    /// </summary>
    public Task<ReplyPrompt?> Begin(ReplyPayload payload, Guid userId) => Task.Run(async () =>
    {
        try
        {
            return await ReadAsync(payload, userId, CancellationToken.None);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Reading the prompt of chat {ChatId} while its reply's start committed failed; the reply reads it again", payload.ChatId);
            return null;
        }
    });

    public Task<ReplyPrompt> ReadAsync(ReplyPayload payload, Guid userId, CancellationToken cancellationToken) =>
        scopes.InScopeAsync(async scope =>
        {
            var target = await TargetAsync(scope.GetRequiredService<KissChatDbContext>().Set<ChatMessage>().AsNoTracking(), payload, cancellationToken);
            if (payload.Mode != ReplyModes.Reply && target is null)
            {
                return new ReplyPrompt(null, TargetGone);
            }

            var prompt = await scope.GetRequiredService<ChatPrompts>().BuildAsync(
                new PromptRequest(
                    payload.ChatId,
                    userId,
                    payload.Mode == ReplyModes.Regenerate ? target!.Seq - 1 : int.MaxValue,
                    payload.Overrides,
                    Continue: payload.Mode == ReplyModes.Continue,
                    Speaker: payload.Speaker,
                    Sent: payload.Sent),
                cancellationToken);
            return prompt is null ? new ReplyPrompt(null, "The chat was deleted before the reply started.") : new ReplyPrompt(prompt, null);
        });

    /// <summary>The message a regenerate or continue acts on; null for a new reply, or when it is gone.</summary>
    public static Task<ChatMessage?> TargetAsync(IQueryable<ChatMessage> messages, ReplyPayload payload, CancellationToken cancellationToken) =>
        payload.TargetMessageId is { } targetId
            ? messages.FirstOrDefaultAsync(m => m.Id == targetId && m.ChatId == payload.ChatId, cancellationToken)
            : Task.FromResult<ChatMessage?>(null);
}

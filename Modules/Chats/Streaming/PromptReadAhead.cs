using System.Diagnostics.Metrics;
using KissChat.Chats.Prompt;
using KissChat.Kernel.Database;
using KissChat.Kernel.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KissChat.Chats.Streaming;

/// <summary>
/// Reads a reply's prompt while its start stores the message (see <see cref="ReplyStarts.StartAsync"/>), and counts what
/// became of each such read, so an operator sees how often it saved the job its own.
/// </summary>
/// <remarks>
/// At most four reads per core at a time. A burst of starts would otherwise hold a second pooled connection each and grow
/// the pool for nothing (the reads are the same work, only earlier), while one read per core was too few: at 100 replies
/// in flight on PostgreSQL it left starts without theirs and raised the p99 of the first token (README, "Twenty-third sitting").
/// </remarks>
internal sealed partial class PromptReadAhead(IServiceScopeFactory scopes, IMeterFactory meters, ILogger<PromptReadAhead> logger)
{
    private static readonly int Limit = 4 * Environment.ProcessorCount;
    private int running;

    private readonly Counter<long> outcomes = meters.KissChatMeter().CreateCounter<long>(
        "kisschat.replies.prompts_read_ahead",
        "{prompt}",
        "Prompts read while a reply's start stored its message, by outcome: used by the job, changed (the chat changed before the start locked it) or failed; the job reads the prompt itself after the last two, and when four reads per core were already running (busy).");

    /// <summary>
    /// Begins the read on another thread, in a scope of its own; null when the cap's worth are running already. Not
    /// cancelled with the request: a reply goes on when its stream closes. Its result is null when it could not be read:
    /// the job reads it again.
    /// </summary>
    /// <param name="chatRead">The chat as the start read it: the read begins after it.</param>
    public Task<BuiltPrompt?>? Start(PromptRequest request, ChatForPrompt chatRead)
    {
        if (Interlocked.Increment(ref running) > Limit)
        {
            Interlocked.Decrement(ref running);
            Count("busy");
            return null;
        }

        return Task.Run(() => ReadAsync(request, chatRead));
    }

    public void Used() => Count("used");

    public void Changed() => Count("changed");

    private async Task<BuiltPrompt?> ReadAsync(PromptRequest request, ChatForPrompt chatRead)
    {
        try
        {
            return await scopes.InScopeAsync(scope => scope.GetRequiredService<ChatPrompts>().BuildAsync(request, CancellationToken.None, chatRead));
        }
        catch (Exception exception)
        {
            Failed(logger, exception, request.ChatId);
            Count("failed");
            return null;
        }
        finally
        {
            Interlocked.Decrement(ref running);
        }
    }

    private void Count(string outcome) => outcomes.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    [LoggerMessage(LogLevel.Warning, "The prompt read for chat {ChatId}'s reply as it started failed; its job reads it again")]
    private static partial void Failed(ILogger logger, Exception exception, Guid chatId);
}

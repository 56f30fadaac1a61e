using System.Runtime.CompilerServices;
using KissChat.Inference.Contracts;
using Microsoft.Extensions.AI;

namespace KissChat.Inference.Telemetry;

/// <summary>
/// Measures each streamed reply for <see cref="ModelMetrics"/>: a few timestamps and a counter per reply, nothing
/// allocated per token. When nobody collects the metrics the stream passes through untouched.
/// </summary>
internal sealed class MeteredChatClient(IChatClient inner, InferenceOptions inference, ModelMetrics metrics, TimeProvider clock) : DelegatingChatClient(inner)
{
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        metrics.Enabled
            ? MeasureAsync(base.GetStreamingResponseAsync(messages, options, cancellationToken), options?.ModelId ?? inference.DefaultModel, cancellationToken)
            : base.GetStreamingResponseAsync(messages, options, cancellationToken);

    private async IAsyncEnumerable<ChatResponseUpdate> MeasureAsync(
        IAsyncEnumerable<ChatResponseUpdate> updates, string model, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        long firstText = 0, pieces = 0;
        long? reportedTokens = null;
        await using var reply = updates.GetAsyncEnumerator(cancellationToken);
        var failed = false;
        try
        {
            while (true)
            {
                try
                {
                    if (!await reply.MoveNextAsync())
                    {
                        break;
                    }
                }
                catch (ModelProviderException failure)
                {
                    failed = true;
                    metrics.Failed(inference.Provider, model, failure.Kind);
                    throw;
                }

                var update = reply.Current;
                if (!string.IsNullOrEmpty(update.Text))
                {
                    if (pieces++ == 0)
                    {
                        firstText = clock.GetTimestamp();
                        metrics.FirstToken(inference.Provider, model, clock.GetElapsedTime(started, firstText));
                    }
                }
                else
                {
                    reportedTokens = OutputTokens(update) ?? reportedTokens;
                }

                yield return update;
            }
        }
        finally
        {
            // Also when the reader stops early (a reply cut at its length limit, or stopped by its user): its tokens were made.
            if (pieces > 0 && !failed)
            {
                metrics.Completed(inference.Provider, model, reportedTokens ?? pieces, clock.GetElapsedTime(firstText));
            }
        }
    }

    /// <summary>The provider's own count, from the usage update that ends a stream (when it sends one).</summary>
    private static long? OutputTokens(ChatResponseUpdate update)
    {
        for (var i = 0; i < update.Contents.Count; i++)
        {
            if (update.Contents[i] is UsageContent { Details.OutputTokenCount: { } tokens })
            {
                return tokens;
            }
        }

        return null;
    }
}

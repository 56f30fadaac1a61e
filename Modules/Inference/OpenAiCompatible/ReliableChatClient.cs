using KissChat.Inference.Contracts;
using System.ClientModel;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenAI.Chat;

namespace KissChat.Inference.OpenAiCompatible;

/// <summary>
/// What callers of a provider can count on: a reply always streams (the one-shot call is the aggregated stream),
/// ends within its first-token, idle and total deadlines, is tried once more when nothing was streamed yet and the
/// total deadline leaves room for it, and fails only with a <see cref="ModelProviderException"/>.
/// </summary>
internal sealed class ReliableChatClient(IChatClient inner, InferenceOptions inference, TimeProvider clock) : DelegatingChatClient(inner)
{
    private static readonly TimeSpan RetryBackoff = TimeSpan.FromSeconds(1);
    private readonly Uri _endpoint = inference.Endpoint!;

    public override Task<ChatResponse> GetResponseAsync(
        IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var started = clock.GetTimestamp();
        var textReceived = false;
        for (var attempt = 1; ; attempt++)
        {
            ModelProviderException? failure = null;
            var finished = false;
            using (var deadlines = new ReplyDeadlines(inference, clock, started, cancellationToken))
            {
                await using var updates = base.GetStreamingResponseAsync(messages, options, deadlines.Token).GetAsyncEnumerator(deadlines.Token);
                while (true)
                {
                    ChatResponseUpdate update;
                    try
                    {
                        if (!await updates.MoveNextAsync())
                        {
                            break;
                        }

                        update = updates.Current;
                    }
                    catch (Exception exception) when (!cancellationToken.IsCancellationRequested && Translate(exception, deadlines, textReceived) is { } translated)
                    {
                        failure = translated;
                        break;
                    }

                    if (ReportedError(update) is { } error)
                    {
                        failure = ProviderFailures.Reported(_endpoint, error, textReceived, inference.ApiKey);
                        break;
                    }

                    finished |= update.FinishReason is not null;
                    // A thinking model may reason for minutes before the reply's first word: it is answering. What was
                    // handed on cannot be taken back, reasoning included, so a retry would repeat it.
                    if (!string.IsNullOrEmpty(update.Text) || CarriesReasoning(update))
                    {
                        textReceived = true;
                        deadlines.TextArrived();
                    }

                    yield return update;
                }
            }

            // A connection that closes before the model said it was done is a cut reply, not a short one.
            failure ??= finished ? null : ProviderFailures.CutOff(_endpoint, textReceived);
            if (failure is null)
            {
                yield break;
            }

            // A provider that says how long to wait is taken at its word, if the reply's deadline leaves room for it.
            var wait = failure.RetryAfter is { } asked && asked > RetryBackoff ? asked : RetryBackoff;
            if (attempt > 1 || !failure.IsTransient || !RoomForRetry(started, wait))
            {
                throw failure;
            }

            await Task.Delay(wait, clock, cancellationToken);
        }
    }

    /// <summary>A retry must be able to wait a whole first-token timeout, or it would fail the same way.</summary>
    private bool RoomForRetry(long started, TimeSpan wait) =>
        inference.TotalTimeout - clock.GetElapsedTime(started) - wait >= inference.FirstTokenTimeout;

    /// <summary>
    /// Turns a transport, protocol or timeout exception into the failure a caller can act on;
    /// null for exceptions that are bugs rather than provider trouble.
    /// </summary>
    private ModelProviderException? Translate(Exception exception, ReplyDeadlines deadlines, bool textReceived) => exception switch
    {
        _ when deadlines.Expired is { } deadline => ProviderFailures.TimedOut(_endpoint, deadline, inference, textReceived),
        ModelProviderException known => known,

        // Not kept as the cause: the SDK's message quotes the provider's body, which only the excerpt may carry.
        ClientResultException { Status: > 0 } rejected => ProviderFailures.HttpStatus(_endpoint, rejected.Status, ErrorExcerpt(rejected), RetryAfter(rejected)),
        ClientResultException or AggregateException => ProviderFailures.Unreachable(_endpoint, exception),
        IOException or HttpRequestException => ProviderFailures.CutOff(_endpoint, textReceived, exception),

        // The SDK parses each chunk as it arrives: not JSON, a field of the wrong type, or a value it has no name for.
        JsonException or FormatException or InvalidOperationException or ArgumentOutOfRangeException => ProviderFailures.MalformedChunk(_endpoint, exception),
        _ => null,
    };

    /// <summary>The provider's <c>Retry-After</c>, in seconds or as a date; null when it sent none (or one in the past).</summary>
    private TimeSpan? RetryAfter(ClientResultException exception)
    {
        if (exception.GetRawResponse()?.Headers.TryGetValue("Retry-After", out var header) != true
            || !RetryConditionHeaderValue.TryParse(header, out var retry))
        {
            return null;
        }

        var wait = retry.Delta ?? (retry.Date - clock.GetUtcNow());
        return wait > TimeSpan.Zero ? wait : null;
    }

    private string ErrorExcerpt(ClientResultException exception)
    {
        try
        {
            return exception.GetRawResponse()?.Content is { } body ? ProviderFailures.Excerpt(body.ToString(), inference.ApiKey) : "";
        }
        catch (InvalidOperationException)
        {
            // The body was not buffered; the status code alone still says what went wrong.
            return "";
        }
    }

    // The SDK keeps fields it does not model, like the error object OpenRouter streams mid-reply, in its JSON patch.
#pragma warning disable SCME0001
    /// <summary>
    /// Whether the update carries reasoning the model streams before its reply, which is also where OpenRouter's and
    /// Ollama's <c>reasoning</c> (left in the chunk's patch) is added to the update as the content Microsoft.Extensions.AI
    /// makes of vLLM's and DeepSeek's <c>reasoning_content</c>: the patch is read once, and callers see one kind of
    /// reasoning whoever sent it.
    /// </summary>
    private static bool CarriesReasoning(ChatResponseUpdate update)
    {
        if (update.Contents.Any(content => content is TextReasoningContent { Text.Length: > 0 }))
        {
            return true;
        }

        if (update.RawRepresentation is StreamingChatCompletionUpdate chunk
            && chunk.Patch.TryGetJson("$.choices[0].delta.reasoning"u8, out var thought)
            && thought.Span.StartsWith("\""u8) && thought.Length > 2)
        {
            update.Contents.Add(new TextReasoningContent(JsonSerializer.Deserialize<string>(thought.Span)));
            return true;
        }

        return false;
    }

    private static ProviderError? ReportedError(ChatResponseUpdate update) =>
        update.RawRepresentation is StreamingChatCompletionUpdate chunk && chunk.Patch.TryGetJson("$.error"u8, out var error)
            ? ProviderError.Parse(error)
            : null;
#pragma warning restore SCME0001
}

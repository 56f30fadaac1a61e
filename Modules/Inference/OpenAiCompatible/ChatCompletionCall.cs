using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using OpenAI.Chat;

namespace KissChat.Inference.OpenAiCompatible;

/// <summary>
/// One request to an OpenAI-compatible endpoint, from sending the body to the last piece of text.
/// Tracks whether text has arrived, since that decides whether a later failure is retryable.
/// </summary>
internal sealed class ChatCompletionCall(ChatClient sdk, InferenceOptions options, StreamWatchdog watchdog)
{
    private const string EndOfStream = "[DONE]";
    private const int ErrorBodyReadLimit = 4096;

    public bool TextReceived { get; private set; }

    /// <summary>Yields each piece of reply text as soon as the provider sends it.</summary>
    public async IAsyncEnumerable<string> ReadTextAsync(BinaryContent body)
    {
        // The protocol method with an unbuffered response is what gives us the live network stream;
        // NoThrow lets us word HTTP errors ourselves instead of surfacing the SDK's exception text.
        var requestOptions = new RequestOptions
        {
            BufferResponse = false,
            ErrorOptions = ClientErrorBehaviors.NoThrow,
            CancellationToken = watchdog.Token,
        };
        var result = await sdk.CompleteChatAsync(body, requestOptions).ConfigureAwait(false);
        using var response = result.GetRawResponse();
        if (response.Status is < 200 or >= 300)
        {
            throw ProviderFailures.HttpStatus(response.Status, await ReadErrorExcerptAsync(response).ConfigureAwait(false));
        }

        var content = response.ContentStream ?? Stream.Null;
        var pieces = IsEventStream(response) ? ReadEventStreamAsync(content) : ReadWholeReplyAsync(content);
        await foreach (var piece in pieces.ConfigureAwait(false))
        {
            yield return piece;
        }
    }

    /// <summary>
    /// Turns a transport or timeout exception into the failure a caller can act on;
    /// null for exceptions that are bugs rather than provider trouble.
    /// </summary>
    public ModelProviderException? Translate(Exception exception) => exception switch
    {
        _ when watchdog.Token.IsCancellationRequested => watchdog.Expired(TextReceived, exception),
        ClientResultException or AggregateException => ProviderFailures.Unreachable(options.Endpoint!, exception),
        IOException or HttpRequestException => ProviderFailures.CutOff(TextReceived, exception),
        _ => null,
    };

    private async IAsyncEnumerable<string> ReadEventStreamAsync(Stream stream)
    {
        var finished = false;
        var events = SseParser.Create(stream).EnumerateAsync(watchdog.Token);
        await foreach (var item in events.ConfigureAwait(false))
        {
            if (item.Data == EndOfStream)
            {
                yield break;
            }

            var chunk = ParseChunk(item.Data);
            if (chunk.Error is { } error)
            {
                throw ProviderFailures.Reported(error, TextReceived);
            }

            finished |= chunk.Finished;
            TextReceived |= !string.IsNullOrEmpty(chunk.Content);

            // Idle time only counts once text flows; until then the first-token deadline applies,
            // so a provider that keeps sending empty chunks cannot stall forever.
            if (TextReceived)
            {
                watchdog.ChunkReceived();
            }

            if (!string.IsNullOrEmpty(chunk.Content))
            {
                yield return chunk.Content;
            }
        }

        // A finish_reason without [DONE] is a complete reply from a lax server; neither means the
        // connection dropped mid-reply.
        if (!finished)
        {
            throw ProviderFailures.CutOff(TextReceived);
        }
    }

    private async IAsyncEnumerable<string> ReadWholeReplyAsync(Stream stream)
    {
        using var reader = new StreamReader(stream);
        var body = await reader.ReadToEndAsync(watchdog.Token).ConfigureAwait(false);
        (string? Content, ProviderError? Error) reply;
        try
        {
            reply = CompletionJson.ParseReply(body);
        }
        catch (JsonException exception)
        {
            throw ProviderFailures.MalformedReply(exception);
        }

        if (reply.Error is { } error)
        {
            throw ProviderFailures.Reported(error, TextReceived);
        }

        var content = reply.Content ?? throw ProviderFailures.MalformedReply();
        if (content.Length > 0)
        {
            TextReceived = true;
            yield return content;
        }
    }

    private static CompletionJson.Chunk ParseChunk(string data)
    {
        try
        {
            return CompletionJson.ParseChunk(data);
        }
        catch (JsonException exception)
        {
            throw ProviderFailures.MalformedChunk(exception);
        }
    }

    private async Task<string> ReadErrorExcerptAsync(PipelineResponse response)
    {
        if (response.ContentStream is not { } stream)
        {
            return "";
        }

        try
        {
            using var reader = new StreamReader(stream);
            var buffer = new char[ErrorBodyReadLimit];
            var read = await reader.ReadBlockAsync(buffer, watchdog.Token).ConfigureAwait(false);
            return ProviderFailures.Excerpt(new string(buffer, 0, read), options.ApiKey);
        }
        catch (IOException)
        {
            // The status code alone still says what went wrong.
            return "";
        }
    }

    private static bool IsEventStream(PipelineResponse response) =>
        response.Headers.TryGetValue("Content-Type", out var contentType)
        && contentType is not null
        && contentType.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase);
}

using System.Buffers;
using System.ClientModel.Primitives;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KissChat.Inference.OpenAiCompatible;

/// <summary>
/// Makes a streamed reply one the SDK's event-stream reader can read whole. An event stream goes through
/// <see cref="RewrittenEventStream"/> (finish reasons the SDK has no name for, see <see cref="FinishReasons"/>). Some
/// servers ignore <c>stream: true</c> and answer with one JSON body, which the reader would take for an empty stream:
/// such a body becomes the one stream event it stands for, so everything above the transport sees an ordinary stream.
/// Accepts the shapes the original Node worker did: OpenAI (<c>choices[0].message.content</c>), Ollama
/// (<c>message.content</c>) and a bare <c>content</c>; an <c>error</c> becomes an error event, as a provider would stream it.
/// Such a body is read only as far as one event may be long.
/// </summary>
internal sealed class StreamedReplyPolicy(Uri endpoint, string apiKey) : PipelinePolicy
{
    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        ProcessNext(message, pipeline, currentIndex);
        if (StreamedReply(message) is not { } response)
        {
            return;
        }

        response.ContentStream = IsEventStream(response)
            ? new RewrittenEventStream(response.ContentStream ?? Stream.Null)
            : ToEventStream(ReadBodyAsync(response.ContentStream, async: false, message.CancellationToken).GetAwaiter().GetResult());
    }

    public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
        if (StreamedReply(message) is not { } response)
        {
            return;
        }

        response.ContentStream = IsEventStream(response)
            ? new RewrittenEventStream(response.ContentStream ?? Stream.Null)
            : ToEventStream(await ReadBodyAsync(response.ContentStream, async: true, message.CancellationToken).ConfigureAwait(false));
    }

    // Only streamed requests leave the response unbuffered; a one-shot request reads JSON as it is.
    private static PipelineResponse? StreamedReply(PipelineMessage message) =>
        !message.BufferResponse && message.Response is { IsError: false } response ? response : null;

    private static bool IsEventStream(PipelineResponse response) =>
        response.Headers.TryGetValue("Content-Type", out var type) && type?.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>
    /// The body whole, refused once it is longer than <see cref="RewrittenEventStream.MaxLine"/>: it stands for one event,
    /// and is held to what a streamed event's line may be rather than read into memory however long it is.
    /// </summary>
    /// <param name="async">False for the pipeline's synchronous path, where the task is then complete as it returns.</param>
    private async ValueTask<BinaryData> ReadBodyAsync(Stream? body, bool async, CancellationToken cancellationToken)
    {
        var read = new ArrayBufferWriter<byte>();
        while (body is not null)
        {
            var room = read.GetMemory(16 * 1024);
            var count = async ? await body.ReadAsync(room, cancellationToken).ConfigureAwait(false) : body.Read(room.Span);
            if (count == 0)
            {
                break;
            }

            read.Advance(count);
            if (read.WrittenCount > RewrittenEventStream.MaxLine)
            {
                throw ProviderFailures.OversizedReply(endpoint, RewrittenEventStream.MaxLine);
            }
        }

        return new BinaryData(read.WrittenMemory);
    }

    private Stream ToEventStream(BinaryData body)
    {
        JsonObject reply;
        try
        {
            reply = JsonNode.Parse(body) as JsonObject ?? throw new JsonException("The reply is not a JSON object.");
        }
        catch (JsonException exception)
        {
            throw ProviderFailures.MalformedReply(endpoint, ProviderFailures.Excerpt(body.ToString(), apiKey), exception);
        }

        if (reply["error"] is { } error)
        {
            return Events(new JsonObject { ["error"] = error.DeepClone() }, thenDone: false);
        }

        var content = Get(Get(reply["choices"] is JsonArray { Count: > 0 } choices ? choices[0] : null, "message"), "content")
            ?? Get(Get(reply, "message"), "content")
            ?? reply["content"];
        if (content is not JsonValue value || !value.TryGetValue(out string? text))
        {
            throw ProviderFailures.MalformedReply(endpoint, ProviderFailures.Excerpt(body.ToString(), apiKey));
        }

        var choice = new JsonObject
        {
            ["index"] = 0,
            ["delta"] = new JsonObject { ["role"] = "assistant", ["content"] = text },
            ["finish_reason"] = "stop",
        };
        return Events(new JsonObject { ["choices"] = new JsonArray(choice), ["usage"] = reply["usage"]?.DeepClone() }, thenDone: true);
    }

    private static JsonNode? Get(JsonNode? node, string name) => node is JsonObject obj ? obj[name] : null;

    // Not a MemoryStream: the transport would try to buffer one from its start when the response is disposed.
    private static Stream Events(JsonObject data, bool thenDone) =>
        BinaryData.FromString($"data: {data.ToJsonString()}\n\n" + (thenDone ? "data: [DONE]\n\n" : "")).ToStream();
}

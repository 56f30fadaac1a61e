using System.Buffers;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using KissChat.Inference.Contracts;
using KissChat.Inference.OpenAiCompatible;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.AI;
using OpenAI;

namespace KissChat.Benchmarks.Streams;

/// <summary>
/// The <c>bare-relay</c> child: the least a server can do to relay the model's stream to a browser, with nothing a chat
/// backend needs (no sign-in, database, job, prompt or stored reply). <c>POST /relay</c> reads the request, asks the model
/// for its stream, takes each chunk's content out of its JSON and writes it as KissChat's token frame, one write and
/// flush per token, then <c>data: [DONE]</c>. Measured like KissChat, its CPU per reply is the floor any .NET relay
/// pays on this machine for the same streams, against which KissChat's own cost and issue #9's targets are weighed.
/// <c>POST /relay/library</c> is the same relay reading the model through the client library KissChat uses, and
/// <c>POST /relay/durable</c> that one storing what a reply must (<see cref="RelayStore"/>): the floor with durability.
/// </summary>
internal static class BareRelay
{
    public const string RelayPath = "/relay";

    /// <summary>The same relay reading the model through Microsoft.Extensions.AI's OpenAI client instead of by hand.</summary>
    public const string LibraryRelayPath = "/relay/library";

    /// <summary>The library relay, storing the user's message and job before the model is asked and the reply with the job's end.</summary>
    public const string DurableRelayPath = "/relay/durable";

    private static readonly ChatMessage[] LibraryMessages = [new(ChatRole.User, Prompts.Turn(1))];

    private static readonly byte[] Processing = "data: {\"status\":\"processing\"}\n\n"u8.ToArray();
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var (port, modelPort, http2, storeOption) = Parse(args);
        var modelAddress = new Uri($"http://127.0.0.1:{modelPort}");
        // As KissChat is told of the model, so that the relays reach it over the same kind of connections.
        var inference = new InferenceOptions { Endpoint = modelAddress, CleartextHttp2 = http2 };
        using var model = new HttpClient(ModelConnections.Handler(inference)) { BaseAddress = modelAddress, Timeout = Timeout.InfiniteTimeSpan };
        using var library = LibraryClient(modelAddress, inference);
        await using var store = storeOption is null ? null : await RelayStore.OpenAsync(storeOption, CancellationToken.None);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.Run(context => (context.Request.Path.Value, HttpMethods.IsPost(context.Request.Method)) switch
        {
            (RelayPath, true) => RelayAsync(context, (_, ct) => HandParsedAsync(model, ct)),
            (LibraryRelayPath, true) => RelayAsync(context, (_, ct) => ThroughLibraryAsync(library, ct)),
            (DurableRelayPath, true) when store is not null => RelayAsync(context, (prompt, ct) => DurablyAsync(library, store, prompt, ct)),
            ("/health", _) => Task.CompletedTask,
            _ => FakeModel.NotFound(context.Response),
        });
        ParentWatch.StopWhenParentExits(app.Lifetime);
        await app.RunAsync();
        return 0;
    }

    /// <param name="http2">Whether <paramref name="modelPort"/> is the model's HTTP/2 one, read as KissChat reads it with Inference:CleartextHttp2.</param>
    /// <param name="store">Where the durable relay stores (see <see cref="RelayStore.OpenAsync"/>); without it, it answers 404.</param>
    public static string[] Arguments(int port, int modelPort, bool http2, string? store) =>
    [
        "bare-relay", "--port", port.ToString(CultureInfo.InvariantCulture), "--model-port", modelPort.ToString(CultureInfo.InvariantCulture),
        .. http2 ? ["--model-http2"] : Array.Empty<string>(),
        .. store is null ? Array.Empty<string>() : ["--store", store],
    ];

    /// <param name="tokens">The reply's tokens, given the user's prompt.</param>
    private static async Task RelayAsync(HttpContext context, Func<string, CancellationToken, IAsyncEnumerable<string>> tokens)
    {
        var aborted = context.RequestAborted;
        try
        {
            // A chat server reads what the user sent before it asks the model.
            string prompt;
            using (var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: aborted))
            {
                prompt = body.RootElement.GetProperty("prompt").GetString() ?? string.Empty;
            }

            var response = context.Response;
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache";
            // As KissChat says it is generating before the model's first token: the browser knows its stream is held.
            await response.BodyWriter.WriteAsync(Processing, aborted);
            await foreach (var token in tokens(prompt, aborted))
            {
                WriteToken(response.BodyWriter, token);
                await response.BodyWriter.FlushAsync(aborted);
            }

            await response.BodyWriter.WriteAsync(Done, aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The browser hung up.
        }
    }

    /// <summary>The model's tokens read with nothing but the runtime's SSE parser and a JSON reader.</summary>
    private static async IAsyncEnumerable<string> HandParsedAsync(HttpClient model, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = DirectModel.NewRequest();
        using var answer = await model.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        answer.EnsureSuccessStatusCode();
        await using var chunks = await answer.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var chunk in SseParser.Create(chunks, (_, data) => ContentOf(data)).EnumerateAsync(cancellationToken))
        {
            if (chunk.Data is { } content)
            {
                yield return content;
            }
        }
    }

    /// <summary>
    /// The model's tokens through what the design card prescribes and KissChat uses: the OpenAI SDK's chat client as
    /// Microsoft.Extensions.AI's <see cref="IChatClient"/>, bare (none of KissChat's logging, deadlines or retries).
    /// </summary>
    private static async IAsyncEnumerable<string> ThroughLibraryAsync(IChatClient model, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var update in model.GetStreamingResponseAsync(LibraryMessages, cancellationToken: cancellationToken))
        {
            if (update.Text is { Length: > 0 } text)
            {
                yield return text;
            }
        }
    }

    /// <summary>The library relay's tokens, with the reply's durable start before them and its durable end after them.</summary>
    private static async IAsyncEnumerable<string> DurablyAsync(IChatClient model, RelayStore store, string prompt, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (chat, job) = await store.StartAsync(prompt, cancellationToken);
        var reply = new System.Text.StringBuilder();
        await foreach (var token in ThroughLibraryAsync(model, cancellationToken))
        {
            reply.Append(token);
            yield return token;
        }

        await store.EndAsync(chat, job, reply.ToString(), cancellationToken);
    }

    private static IChatClient LibraryClient(Uri modelAddress, InferenceOptions inference) =>
        new OpenAIClient(
                new ApiKeyCredential("bare-relay"),
                new OpenAIClientOptions
                {
                    Endpoint = new Uri(modelAddress, "/v1"),
                    NetworkTimeout = Timeout.InfiniteTimeSpan,
                    RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
                    Transport = ModelConnections.Transport(inference),
                })
            .GetChatClient(FakeModelFrames.Model)
            .AsIChatClient();

    /// <summary><c>choices[0].delta.content</c> of an OpenAI chunk, or null (the role-only, final and [DONE] chunks).</summary>
    private static string? ContentOf(ReadOnlySpan<byte> data)
    {
        if (data.SequenceEqual("[DONE]"u8))
        {
            return null;
        }

        var reader = new Utf8JsonReader(data);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("content"u8) && reader.Read())
            {
                return reader.GetString();
            }
        }

        return null;
    }

    private static void WriteToken(PipeWriter body, string content)
    {
        body.Write("data: "u8);
        using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteString("status"u8, "token"u8);
            json.WriteString("content"u8, content);
            json.WriteEndObject();
        }

        body.Write("\n\n"u8);
    }

    private static (int Port, int ModelPort, bool Http2, string? Store) Parse(IReadOnlyList<string> args)
    {
        int port = 0, modelPort = 0;
        var http2 = false;
        string? store = null;
        var reader = new OptionReader(args);
        while (reader.MoveNext())
        {
            switch (reader.Name)
            {
                case "--port": port = reader.Count(min: 1); break;
                case "--model-port": modelPort = reader.Count(min: 1); break;
                case "--model-http2": http2 = true; break;
                case "--store": store = reader.Value(); break;
                default: throw reader.Unknown();
            }
        }

        return port > 0 && modelPort > 0 ? (port, modelPort, http2, store) : throw new ArgumentException("bare-relay needs --port and --model-port.");
    }
}

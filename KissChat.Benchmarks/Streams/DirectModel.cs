using System.Net.Http.Headers;
using System.Text.Json;

namespace KissChat.Benchmarks.Streams;

/// <summary>The baseline: the same streams straight to the model, with nothing in between.</summary>
internal sealed class DirectModel(Uri modelAddress) : IDisposable
{
    private static readonly byte[] Body = JsonSerializer.SerializeToUtf8Bytes(new
    {
        model = FakeModelFrames.Model,
        stream = true,
        messages = new[] { new { role = "user", content = Prompts.Turn(1) } },
    });

    private readonly HttpClient client = new(new SocketsHttpHandler()) { BaseAddress = modelAddress, Timeout = TimeSpan.FromMinutes(5) };

    public Task<ReplyTrace> ReplyAsync(CancellationToken cancellationToken) =>
        ReplyReader.ReadAsync(client, NewRequest(), Frame.FromOpenAi, null, cancellationToken);

    /// <summary>The streaming request every reply sends the model, whoever sends it (the load client, the bare relay).</summary>
    public static HttpRequestMessage NewRequest() =>
        new(HttpMethod.Post, FakeModel.CompletionsPath)
        {
            Content = new ByteArrayContent(Body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };

    public void Dispose() => client.Dispose();
}

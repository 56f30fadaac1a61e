using System.Net.Http.Json;

namespace KissChat.Benchmarks.Streams;

/// <summary>The <c>bare-relay</c> child as the benchmark drives it, with the runtime settings KissChat.Web.dll runs with.</summary>
internal sealed class BareRelayProcess : IAsyncDisposable
{
    // KissChat.Web's runtimeconfig: server GC, pool threads that do not spin (see KissChat.Web.csproj).
    private static readonly Dictionary<string, string> AsKissChatRuns = new()
    {
        ["DOTNET_gcServer"] = "1",
        ["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0",
    };

    private readonly ChildProcess child;
    private readonly HttpClient client;

    private BareRelayProcess(ChildProcess child, Uri baseAddress)
    {
        this.child = child;
        client = new HttpClient(new SocketsHttpHandler()) { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(5) };
        Sampler = new ProcessSampler(child.Id);
    }

    public ProcessSampler Sampler { get; }

    /// <summary>Answers as long as the relay's process does: its health probe for the idle test.</summary>
    public Uri Health => new(client.BaseAddress!, "/health");

    /// <param name="store">Where its durable relay stores, as <see cref="RelayStore.OpenAsync"/> takes it; null for none.</param>
    /// <param name="http2">Whether it reads the model over HTTP/2, as KissChat does with --model-http2.</param>
    public static async Task<BareRelayProcess> StartAsync(FakeModelProcess model, bool http2, string? store, TextWriter log, CancellationToken cancellationToken)
    {
        var port = ChildProcess.FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        var arguments = BareRelay.Arguments(port, http2 ? model.Http2Port : model.Port, http2, store);
        var relay = new BareRelayProcess(ChildProcess.StartSelf("bare relay", arguments, log, AsKissChatRuns), address);
        try
        {
            await relay.child.WaitUntilAnswersAsync(relay.Health, TimeSpan.FromMinutes(1), cancellationToken);
            return relay;
        }
        catch
        {
            await relay.DisposeAsync();
            throw;
        }
    }

    /// <summary>One reply through the relay, read as a browser reads KissChat's.</summary>
    /// <param name="path">Which of the relays: <see cref="BareRelay.RelayPath"/>, <see cref="BareRelay.LibraryRelayPath"/> or <see cref="BareRelay.DurableRelayPath"/>.</param>
    /// <param name="processing">Completed when the relay has answered and is waiting on the model (for held streams).</param>
    public Task<ReplyTrace> ReplyAsync(string path, TaskCompletionSource? processing, CancellationToken cancellationToken) =>
        ReplyReader.ReadAsync(
            client,
            new HttpRequestMessage(HttpMethod.Post, path)
            {
                Content = JsonContent.Create(new { prompt = Prompts.Turn(1) }),
            },
            Frame.FromKissChat,
            processing,
            cancellationToken);

    /// <inheritdoc cref="ChildProcess.EnsureRunning"/>
    public void EnsureRunning() => child.EnsureRunning();

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        await child.DisposeAsync();
    }
}

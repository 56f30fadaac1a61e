using System.Globalization;

namespace KissChat.Benchmarks.Streams;

/// <summary>The <c>fake-model</c> child as the benchmark drives it.</summary>
internal sealed class FakeModelProcess : IAsyncDisposable
{
    private readonly ChildProcess child;
    private readonly HttpClient client;

    private FakeModelProcess(ChildProcess child, Uri baseAddress, int http2Port)
    {
        Http2Port = http2Port;
        this.child = child;
        client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int Port => BaseAddress.Port;

    /// <summary>Where the model speaks HTTP/2 at once (h2c).</summary>
    public int Http2Port { get; }

    public static async Task<FakeModelProcess> StartAsync(string name, FakeModelOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        var model = new FakeModelProcess(ChildProcess.StartSelf(name, options.ToArguments(), log), new Uri($"http://127.0.0.1:{options.Port}"), options.Http2Port);
        try
        {
            await model.child.WaitUntilAnswersAsync(new Uri(model.BaseAddress, FakeModel.StreamsPath), TimeSpan.FromMinutes(1), cancellationToken);
            return model;
        }
        catch
        {
            await model.DisposeAsync();
            throw;
        }
    }

    /// <summary>Replies the model is streaming right now: each is a socket the server holds open to it.</summary>
    public async Task<int> OpenStreamsAsync(CancellationToken cancellationToken) =>
        int.Parse(await client.GetStringAsync(FakeModel.StreamsPath, cancellationToken), CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        await child.DisposeAsync();
    }
}

using System.Globalization;

namespace KissChat.Benchmarks.Streams;

/// <summary>
/// KissChat in a child process, talking to the fake model: this build's KissChat.Web.dll (copied next to the benchmark,
/// with its runtime settings: server GC, as in production) or, with --server-dll, another build's, run with
/// <c>dotnet</c> and the same settings on its command line.
/// </summary>
internal sealed class KissChatServer : IAsyncDisposable
{
    private readonly ChildProcess child;

    private KissChatServer(ChildProcess child, Uri baseAddress, IReadOnlyDictionary<string, string> settings)
    {
        this.child = child;
        BaseAddress = baseAddress;
        Settings = settings;
        Sampler = new ProcessSampler(child.Id);
    }

    public Uri BaseAddress { get; }

    public IReadOnlyDictionary<string, string> Settings { get; }

    public ProcessSampler Sampler { get; }

    /// <param name="concurrency">Jobs:Concurrency: the most streams the run has at once, so that none waits on purpose.</param>
    public static async Task<KissChatServer> StartAsync(
        StreamsOptions options, string dataDirectory, int port, FakeModelProcess model, int concurrency, TextWriter log, CancellationToken cancellationToken)
    {
        var settings = Configure(options, dataDirectory, port, options.ModelHttp2 ? model.Http2Port : model.Port, concurrency);
        var arguments = ServerSettings.AsArguments(settings);
        var child = ChildProcess.StartDll("server", options.ServerDll ?? Path.Combine(AppContext.BaseDirectory, "KissChat.Web.dll"), arguments, log);
        var server = new KissChatServer(child, new Uri($"http://127.0.0.1:{port}"), settings);
        try
        {
            await child.WaitUntilAnswersAsync(new Uri(server.BaseAddress, "/health/live"), TimeSpan.FromMinutes(2), cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc cref="ChildProcess.EnsureRunning"/>
    public void EnsureRunning() => child.EnsureRunning();

    public ValueTask DisposeAsync() => child.DisposeAsync();

    private static Dictionary<string, string> Configure(StreamsOptions options, string dataDirectory, int port, int modelPort, int concurrency)
    {
        var settings = ServerSettings.Common(dataDirectory, options.PostgresConnectionString);
        settings["urls"] = $"http://127.0.0.1:{port}";
        settings["AI_PROVIDER"] = "vastai";
        settings["VASTAI_INSTANCE_IP"] = "127.0.0.1";
        settings["VASTAI_INSTANCE_PORT"] = modelPort.ToString(CultureInfo.InvariantCulture);
        settings["VASTAI_MODEL"] = FakeModelFrames.Model;
        settings["Jobs:Concurrency"] = concurrency.ToString(CultureInfo.InvariantCulture);
        settings["Inference:CleartextHttp2"] = options.ModelHttp2 ? "true" : "false";
        // Idle streams wait on a model that has not started answering: no deadline may end them during the run.
        settings["Inference:FirstTokenTimeoutSeconds"] = "3600";
        settings["Inference:IdleTimeoutSeconds"] = "3600";
        settings["Inference:TotalTimeoutSeconds"] = "7200";
        foreach (var (key, value) in options.ServerSettings)
        {
            settings[key] = value;
        }

        return settings;
    }
}

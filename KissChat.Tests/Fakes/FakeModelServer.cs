using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace KissChat.Tests.Fakes;

/// <summary>
/// A real OpenAI-compatible HTTP server on 127.0.0.1 with an ephemeral port, serving
/// <c>POST /v1/chat/completions</c> (and the models list, <c>GET /v1/models</c>). Each request takes the next queued <see cref="ModelScript"/>,
/// or <see cref="DefaultScript"/> when none is queued, and is recorded in <see cref="Requests"/>.
/// </summary>
/// <example>
/// <code>
/// await using var server = await FakeModelServer.StartAsync();
/// server.Enqueue(ModelScript.Status(503, "busy"));
/// // point a client at server.Endpoint, then assert on server.Requests
/// </code>
/// </example>
public sealed class FakeModelServer : IAsyncDisposable
{
    public const string CompletionsPath = "/v1/chat/completions";
    public const string ModelsPath = "/v1/models";

    public static readonly ModelScript DefaultScript = ModelScript.Stream(["Hello", " from", " the", " fake", " model."]);

    private readonly ConcurrentQueue<ModelScript> _scripts = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly TaskCompletionSource _firstRequest = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _app;

    private FakeModelServer()
    {
    }

    public int Port { get; private set; }

    /// <summary>The OpenAI-style base URL, ending in <c>/v1</c>.</summary>
    public string BaseUrl => $"http://127.0.0.1:{Port}/v1";

    public Uri Endpoint => new(BaseUrl);

    /// <summary>Every request received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>Completes once a completion request has been read: a test can act on a request known to have arrived.</summary>
    public Task FirstRequest => _firstRequest.Task;

    /// <inheritdoc cref="LoopbackHost.StartAsync"/>
    public static async Task<FakeModelServer> StartAsync(HttpProtocols protocols = HttpProtocols.Http1)
    {
        var server = new FakeModelServer();
        var (app, address) = await LoopbackHost.StartAsync(app => app.Run(server.HandleAsync), protocols);
        server.Port = new Uri(address).Port;
        server._app = app;
        return server;
    }

    public void Enqueue(ModelScript script) => _scripts.Enqueue(script);

    public async ValueTask DisposeAsync()
    {
        // Release hanging and held scripts first so shutdown does not wait for them.
        await _stopping.CancelAsync();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (HttpMethods.IsGet(context.Request.Method) && context.Request.Path == ModelsPath)
        {
            // What a readiness probe asks for: any model server lists its models here.
            await context.Response.WriteAsJsonAsync(new { @object = "list", data = new[] { new { id = "fake/model-7b", @object = "model" } } });
            return;
        }

        if (!HttpMethods.IsPost(context.Request.Method) || context.Request.Path != CompletionsPath)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        using var scriptEnds = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        var request = await RecordedRequest.ReadAsync(context.Request, scriptEnds.Token);
        _requests.Enqueue(request);
        _firstRequest.TrySetResult();
        context.Items[typeof(RecordedRequest)] = request;
        var script = _scripts.TryDequeue(out var queued) ? queued : DefaultScript;
        try
        {
            await script.RunAsync(context, scriptEnds.Token);
        }
        catch (OperationCanceledException) when (scriptEnds.IsCancellationRequested)
        {
            // The client gave up or the server is stopping; either way the script is over.
        }
    }
}

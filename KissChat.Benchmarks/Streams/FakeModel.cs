using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace KissChat.Benchmarks.Streams;

/// <summary>
/// The <c>fake-model</c> child: an OpenAI-compatible server whose <c>POST /v1/chat/completions</c> streams the
/// same reply every time, N tokens D ms apart. It is built to cost next to nothing (the frames exist once, each
/// stream is one timer loop writing them), because on a small machine whatever it spends is taken from KissChat.
/// <c>GET /streams</c> tells how many replies it is streaming right now. It answers HTTP/1.1 on one port and HTTP/2
/// without TLS on another, since a plain-http listener cannot tell a client that speaks HTTP/2 at once from one that does not.
/// </summary>
internal static class FakeModel
{
    public const string CompletionsPath = "/v1/chat/completions";
    public const string StreamsPath = "/streams";

    public static async Task<int> RunAsync(FakeModelOptions options)
    {
        var frames = FakeModelFrames.Build(options.Tokens);
        var open = new OpenStreams();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port);
            kestrel.Listen(IPAddress.Loopback, options.Http2Port, listen => listen.Protocols = HttpProtocols.Http2);
        });
        var app = builder.Build();
        app.Run(context => context.Request.Path.Value switch
        {
            CompletionsPath when HttpMethods.IsPost(context.Request.Method) => StreamAsync(context, frames, options, open),
            StreamsPath => context.Response.WriteAsync(open.Count.ToString(CultureInfo.InvariantCulture), context.RequestAborted),
            _ => NotFound(context.Response),
        });
        ParentWatch.StopWhenParentExits(app.Lifetime);
        await app.RunAsync();
        return 0;
    }

    private static async Task StreamAsync(HttpContext context, FakeModelFrames frames, FakeModelOptions options, OpenStreams open)
    {
        var aborted = context.RequestAborted;
        var response = context.Response;
        open.Add(1);
        try
        {
            // A model reads the whole request before it answers; what it asks does not change this reply.
            await context.Request.Body.CopyToAsync(Stream.Null, aborted);
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache";
            // Headers go out at once, as real providers do while a model loads: a slow start is an open stream.
            await response.StartAsync(aborted);
            await response.BodyWriter.FlushAsync(aborted);
            if (options.FirstTokenDelay > TimeSpan.Zero)
            {
                await Task.Delay(options.FirstTokenDelay, aborted);
            }

            // A periodic timer keeps the model's pace even when a write is late, as a GPU generating tokens would.
            using var pace = options.TokenDelay > TimeSpan.Zero ? new PeriodicTimer(options.TokenDelay) : null;
            for (var i = 0; i < frames.Tokens.Length; i++)
            {
                if (i > 0 && pace is not null)
                {
                    await pace.WaitForNextTickAsync(aborted);
                }

                await response.BodyWriter.WriteAsync(frames.Tokens[i], aborted);
            }

            await response.BodyWriter.WriteAsync(frames.End, aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The caller hung up.
        }
        finally
        {
            open.Add(-1);
        }
    }

    public static Task NotFound(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    private sealed class OpenStreams
    {
        private int count;

        public int Count => Volatile.Read(ref count);

        public void Add(int change) => Interlocked.Add(ref count, change);
    }
}

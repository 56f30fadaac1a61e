using System.Reflection;
using System.Text.Json.Nodes;
using KissChat.Jobs.Contracts;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;
using Microsoft.AspNetCore.Http.Metadata;

namespace KissChat.Chats.Echo;

// These records only describe the echo's frames in the API document.
internal sealed record EchoConnectedFrame(string Status);

internal sealed record EchoFrame(string Status, string Message);

/// <summary>The seed's SSE smoke test: proves a client and every proxy in between pass a stream through.</summary>
internal sealed class EchoStream(string message) : IResult, IEndpointMetadataProvider
{
    private static readonly EventStreamFrames Frames = new("EchoStreamFrame", [(JobFrames.Connected, typeof(EchoConnectedFrame)), ("echo", typeof(EchoFrame))]);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        var cancellationToken = httpContext.RequestAborted;
        await ServerSentEvents.StartAsync(response, cancellationToken);
        await ServerSentEvents.WriteFrameAsync(response, 1, JobFrames.ToJson(new JsonObject { ["status"] = JobFrames.Connected }), cancellationToken);
        await ServerSentEvents.WriteFrameAsync(response, 2, JobFrames.ToJson(new JsonObject { ["status"] = "echo", ["message"] = message }), cancellationToken);
        await ServerSentEvents.WriteDoneAsync(response, 3, cancellationToken);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Frames.AddTo(builder);
}

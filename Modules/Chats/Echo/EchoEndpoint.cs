using System.Text.Json.Nodes;
using FluentValidation;
using KissChat.Jobs.Contracts;
using KissChat.Kernel.Http;

namespace KissChat.Chats.Echo;

internal sealed record EchoRequest(string? Message);

internal sealed class EchoRequestValidator : AbstractValidator<EchoRequest>
{
    public EchoRequestValidator() => RuleFor(r => r.Message).NotNull().MaximumLength(8000);
}

/// <summary>The seed's SSE smoke test: proves a client and every proxy in between pass a stream through.</summary>
internal sealed class EchoStream(string message) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        var cancellationToken = httpContext.RequestAborted;
        await ServerSentEvents.StartAsync(response, cancellationToken);
        await ServerSentEvents.WriteFrameAsync(response, 1, JobFrames.ToJson(new JsonObject { ["status"] = "connected" }), cancellationToken);
        await ServerSentEvents.WriteFrameAsync(response, 2, JobFrames.ToJson(new JsonObject { ["status"] = "echo", ["message"] = message }), cancellationToken);
        await ServerSentEvents.WriteDoneAsync(response, 3, cancellationToken);
    }
}

internal static class EchoEndpoint
{
    public static EchoStream Handle(EchoRequest request) => new(request.Message!);
}

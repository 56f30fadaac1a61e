using FastEndpoints;

namespace KissChat.Chats.Echo;

internal sealed class EchoEndpoint : Endpoint<EchoRequest, EchoStream>
{
    public override void Configure()
    {
        Post("/api/v1/test/echo");
        AllowAnonymous();
        Description(b => b.WithTags("Test").WithName("Echo"));
        Summary(s => s.Summary = "SSE smoke test: streams the message back.");
    }

    public override Task<EchoStream> ExecuteAsync(EchoRequest request, CancellationToken ct) => Task.FromResult(new EchoStream(request.Message!));
}

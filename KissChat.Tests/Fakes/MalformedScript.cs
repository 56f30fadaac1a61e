using Microsoft.AspNetCore.Http;

namespace KissChat.Tests.Fakes;

internal sealed record MalformedScript(IReadOnlyList<string> Tokens) : ModelScript
{
    public override async Task RunAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var sse = await SseWriter.StartAsync(context, cancellationToken);
        foreach (var token in Tokens)
        {
            await sse.ContentAsync(token);
        }

        await sse.DataAsync("{\"choices\": [{\"delta\": {\"content\": \"trunc");
        await sse.DoneAsync();
    }
}

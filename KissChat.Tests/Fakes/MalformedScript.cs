using Microsoft.AspNetCore.Http;

namespace KissChat.Tests.Fakes;

/// <param name="Broken">What follows the tokens: by default a chunk cut in the middle of its JSON.</param>
internal sealed record MalformedScript(IReadOnlyList<string> Tokens, string Broken = "data: {\"choices\": [{\"delta\": {\"content\": \"trunc\n\n") : ModelScript
{
    public override async Task RunAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var sse = await SseWriter.StartAsync(context, cancellationToken);
        foreach (var token in Tokens)
        {
            await sse.ContentAsync(token);
        }

        await sse.RawAsync(Broken);
        await sse.DoneAsync();
    }
}

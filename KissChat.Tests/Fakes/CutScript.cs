using Microsoft.AspNetCore.Http;

namespace KissChat.Tests.Fakes;

internal sealed record CutScript(IReadOnlyList<string> Tokens, bool Abort) : ModelScript
{
    public override async Task RunAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var sse = await SseWriter.StartAsync(context, cancellationToken);
        await sse.RoleOnlyAsync();
        foreach (var token in Tokens)
        {
            await sse.ContentAsync(token);
        }

        if (Abort)
        {
            // Abort drops whatever Kestrel has not yet written to the socket, headers included;
            // a moment's grace makes sure the client really received the tokens before the cut.
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            context.Abort();
        }
    }
}

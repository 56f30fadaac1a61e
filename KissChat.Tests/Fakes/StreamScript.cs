using Microsoft.AspNetCore.Http;

namespace KissChat.Tests.Fakes;

internal sealed record StreamScript(IReadOnlyList<string> Tokens, TimeSpan Delay, StreamHold? Hold) : ModelScript
{
    public override async Task RunAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var sse = await SseWriter.StartAsync(context, cancellationToken);
        await sse.RoleOnlyAsync();
        for (var sent = 0; sent < Tokens.Count; sent++)
        {
            await PauseBeforeTokenAsync(sent, cancellationToken);
            await sse.ContentAsync(Tokens[sent]);
        }

        await HoldIfDueAsync(Tokens.Count, cancellationToken);
        await sse.FinishAsync();
        await sse.UsageAsync();
        await sse.DoneAsync();
    }

    private async Task PauseBeforeTokenAsync(int sent, CancellationToken cancellationToken)
    {
        if (sent > 0 && Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, cancellationToken);
        }

        await HoldIfDueAsync(sent, cancellationToken);
    }

    private async Task HoldIfDueAsync(int sent, CancellationToken cancellationToken)
    {
        if (Hold is { } hold && hold.AfterTokens == sent)
        {
            await hold.Release.WaitAsync(cancellationToken);
        }
    }
}

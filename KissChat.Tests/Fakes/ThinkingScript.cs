using Microsoft.AspNetCore.Http;

namespace KissChat.Tests.Fakes;

/// <param name="Finish">False: the stream closes after the tokens without a finish chunk or [DONE] (cut off).</param>
/// <param name="Hold">The stream pauses after the thoughts until it completes.</param>
internal sealed record ThinkingScript(string Field, IReadOnlyList<string> Thoughts, TimeSpan Delay, IReadOnlyList<string> Tokens, bool Finish = true, Task? Hold = null) : ModelScript
{
    public override async Task RunAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var sse = await SseWriter.StartAsync(context, cancellationToken);
        await sse.RoleOnlyAsync();
        foreach (var thought in Thoughts)
        {
            await Task.Delay(Delay, cancellationToken);
            await sse.ReasoningAsync(Field, thought);
        }

        if (Hold is not null)
        {
            await Hold.WaitAsync(cancellationToken);
        }

        foreach (var token in Tokens)
        {
            await sse.ContentAsync(token);
        }

        if (Finish)
        {
            await sse.FinishAsync();
            await sse.DoneAsync();
        }
    }
}

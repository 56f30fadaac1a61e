using System.Diagnostics;

namespace KissChat.Benchmarks.Streams;

/// <summary>N messages sent at the same moment; the window is the whole batch, from sending to the last reply's end.</summary>
internal static class AtOnceLoad
{
    public static async Task<LoadRun> RunAsync(int streams, SendReply send, ProcessSampler? server, CancellationToken cancellationToken)
    {
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var replies = Enumerable.Range(0, streams).Select(async stream =>
        {
            await go.Task;
            return await send(stream, cancellationToken);
        }).ToArray();
        var before = WindowEdge.Read(server);
        var start = Stopwatch.GetTimestamp();
        go.SetResult();
        var traces = await Task.WhenAll(replies);
        var end = Stopwatch.GetTimestamp();
        return new LoadRun(traces, start, start, end, end, before, WindowEdge.Read(server));
    }
}

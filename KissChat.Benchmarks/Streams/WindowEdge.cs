namespace KissChat.Benchmarks.Streams;

/// <summary>The counters read at one edge of a measured window: the server's (none for the direct baseline) and the machine's.</summary>
internal sealed record WindowEdge(ProcessSample? Server, MachineSample? Machine)
{
    public static WindowEdge Read(ProcessSampler? server) => new(server?.Sample(), MachineSample.Read());
}

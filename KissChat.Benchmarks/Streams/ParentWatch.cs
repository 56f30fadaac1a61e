using Microsoft.Extensions.Hosting;

namespace KissChat.Benchmarks.Streams;

/// <summary>
/// Ends a child mode when the benchmark that started it is gone, even if it was killed before it could stop
/// its children: the parent holds the child's stdin open and never writes to it, so end-of-file means it exited.
/// </summary>
internal static class ParentWatch
{
    public static void StopWhenParentExits(IHostApplicationLifetime lifetime) =>
        _ = Task.Run(async () =>
        {
            await using var stdin = Console.OpenStandardInput();
            await stdin.CopyToAsync(Stream.Null);
            lifetime.StopApplication();
        });
}

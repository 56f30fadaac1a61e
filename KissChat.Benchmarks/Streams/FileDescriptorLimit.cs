using System.Runtime.InteropServices;

namespace KissChat.Benchmarks.Streams;

/// <summary>
/// Open files allowed to this process and, inherited, to the children it starts. Every held stream costs the
/// client one socket, the server two and the model one. .NET raises a process's soft limit to its hard limit by
/// itself; raising the hard limit takes privilege (root with CAP_SYS_RESOURCE, which containers often drop), so
/// this tries, and otherwise says what to run first.
/// </summary>
internal static partial class FileDescriptorLimit
{
    private const int OpenFiles = 7; // RLIMIT_NOFILE on Linux

    public static void Ensure(ulong needed, TextWriter progress)
    {
        if (!OperatingSystem.IsLinux() || GetLimit(OpenFiles, out var limit) != 0 || limit.Current >= needed)
        {
            return;
        }

        var raised = new Limit(needed, Math.Max(needed, limit.Maximum));
        if (SetLimit(OpenFiles, raised) != 0)
        {
            progress.WriteLine(
                $"Open files are limited to {limit.Maximum:N0} and this run needs about {needed:N0}, but this process may not raise " +
                $"the hard limit: run `ulimit -n {needed}` where that is allowed, or hold fewer idle streams.");
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct Limit(ulong Current, ulong Maximum);

    [LibraryImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static partial int GetLimit(int resource, out Limit limit);

    [LibraryImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static partial int SetLimit(int resource, in Limit limit);
}

using System.Diagnostics;
using System.Globalization;

namespace KissChat.Tests.Infrastructure;

/// <summary>
/// The test host a PostgreSQL cluster folder belongs to, kept in the folder's <c>owner</c> file. A cluster whose owner
/// is gone was left behind; the start time tells a reused process id from the owner itself.
/// </summary>
public sealed record ClusterOwner(int ProcessId, DateTime StartedAt)
{
    private const string FileName = "owner";

    public static ClusterOwner Current { get; } = Of(Process.GetCurrentProcess());

    public bool IsAlive
    {
        get
        {
            try
            {
                using var process = Process.GetProcessById(ProcessId);
                // Linux derives the start time from the boot time, which it recomputes on every read.
                return (Of(process).StartedAt - StartedAt).Duration() < TimeSpan.FromSeconds(1);
            }
            catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
            {
                return false;
            }
        }
    }

    /// <summary>The owner written into <paramref name="clusterDirectory"/>, or null when there is none or it cannot be read.</summary>
    public static ClusterOwner? ReadFrom(string clusterDirectory)
    {
        try
        {
            var lines = File.ReadAllLines(Path.Combine(clusterDirectory, FileName));
            return new ClusterOwner(
                int.Parse(lines[0], CultureInfo.InvariantCulture),
                DateTime.Parse(lines[1], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    public void WriteTo(string clusterDirectory) =>
        File.WriteAllLines(Path.Combine(clusterDirectory, FileName), [ProcessId.ToString(CultureInfo.InvariantCulture), StartedAt.ToString("O", CultureInfo.InvariantCulture)]);

    private static ClusterOwner Of(Process process) => new(process.Id, process.StartTime.ToUniversalTime());
}

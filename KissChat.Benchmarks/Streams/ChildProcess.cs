using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace KissChat.Benchmarks.Streams;

/// <summary>
/// A process the streams benchmark starts (the fake model, the server): a process of its own so that its CPU
/// time and memory can be read apart from the load client's. Its output goes to stderr under its name, and
/// disposing it kills it, so a run never leaves one behind.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly string name;

    private ChildProcess(Process process, string name)
    {
        this.process = process;
        this.name = name;
    }

    public int Id => process.Id;

    /// <summary>Throws if the process has ended: whatever was being measured is then meaningless.</summary>
    public void EnsureRunning()
    {
        if (process.HasExited)
        {
            throw new InvalidOperationException($"The {name} exited with code {process.ExitCode}; its output above says why.");
        }
    }

    /// <summary>Runs this benchmark program again, in one of its child modes (<c>fake-model</c>, <c>bare-relay</c>).</summary>
    /// <param name="environment">Runtime settings for the child, e.g. <c>DOTNET_gcServer</c>.</param>
    public static ChildProcess StartSelf(string name, IEnumerable<string> args, TextWriter log, IReadOnlyDictionary<string, string>? environment = null)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("This process does not know its own executable.");
        // Started as `dotnet KissChat.Benchmarks.dll`, the executable is the dotnet host, which needs the program.
        string[] program = Path.GetFileNameWithoutExtension(self) == "dotnet" ? [typeof(ChildProcess).Assembly.Location] : [];
        return Start(name, self, [.. program, .. args], AppContext.BaseDirectory, log, environment);
    }

    /// <summary>Runs a KissChat.Web.dll with <c>dotnet</c>, from its own folder so that it finds its appsettings.json.</summary>
    public static ChildProcess StartDll(string name, string dll, IEnumerable<string> args, TextWriter log) =>
        Start(name, "dotnet", [dll, .. args], Path.GetDirectoryName(dll)!, log);

    /// <summary>A TCP port that is free on the loopback interface right now, for a child to listen on.</summary>
    public static int FreePort() => FreePorts(1)[0];

    /// <summary>As many different free ports: each is held until all are found.</summary>
    public static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(listener => listener.Start());
            return [.. listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(listener => listener.Stop());
        }
    }

    /// <summary>Waits until <paramref name="probe"/> answers with a success status; fails at once if the process exits.</summary>
    public async Task WaitUntilAnswersAsync(Uri probe, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            EnsureRunning();

            try
            {
                using var response = await client.GetAsync(probe, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not listening yet.
            }

            if (Stopwatch.GetElapsedTime(started) > timeout)
            {
                throw new TimeoutException($"The {name} did not answer {probe} within {timeout.TotalSeconds:0} s.");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
        process.Dispose();
    }

    private static ChildProcess Start(
        string name, string fileName, IEnumerable<string> args, string workingDirectory, TextWriter log, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName, args)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            // Held open and never written: a child of ours sees end-of-file when this process is gone (ParentWatch).
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start the {name}.");
        process.OutputDataReceived += (_, line) => Forward(log, name, line.Data);
        process.ErrorDataReceived += (_, line) => Forward(log, name, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ChildProcess(process, name);
    }

    private static void Forward(TextWriter log, string name, string? line)
    {
        if (line is not null)
        {
            log.WriteLine($"[{name}] {line}");
        }
    }
}

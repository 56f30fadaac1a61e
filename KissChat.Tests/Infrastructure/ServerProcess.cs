using System.Diagnostics;
using System.Text;

namespace KissChat.Tests.Infrastructure;

/// <summary>
/// The built server started as an operator starts it, <c>dotnet KissChat.Web.dll</c> in a process of its own, with a
/// throwaway data folder and SQLite; its console output is kept for the assertions.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private ServerProcess(Process process, Uri baseAddress, string dataDirectory)
    {
        this.process = process;
        BaseAddress = baseAddress;
        DataDirectory = dataDirectory;
    }

    public Uri BaseAddress { get; }

    public string DataDirectory { get; }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>Starts the server in <paramref name="workingDirectory"/> and waits until it answers.</summary>
    public static async Task<ServerProcess> StartAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var port = LocalPorts.Free();
        var dataDirectory = Directory.CreateTempSubdirectory("kisschat-test-").FullName;
        var settings = new Dictionary<string, string>
        {
            ["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["DATA_DIR"] = dataDirectory,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        var start = StartInfo(workingDirectory, [], settings);
        var server = new ServerProcess(Process.Start(start) ?? throw new InvalidOperationException("Could not start the server."), new Uri($"http://127.0.0.1:{port}"), dataDirectory);
        server.process.OutputDataReceived += (_, line) => server.Append(line.Data);
        server.process.ErrorDataReceived += (_, line) => server.Append(line.Data);
        server.process.BeginOutputReadLine();
        server.process.BeginErrorReadLine();
        await server.WaitUntilLiveAsync();
        return server;
    }

    /// <summary>Runs one of the built server's commands (<c>dotnet KissChat.Web.dll backup …</c>) to its end: its exit code and console output.</summary>
    public static async Task<(int ExitCode, string Output)> RunCommandAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        using var process = Process.Start(StartInfo(Path.GetTempPath(), arguments, environment)) ?? throw new InvalidOperationException("Could not start the command.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // A command that should have ended (a server that should have refused to start) must not outlive its test.
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output + await errors);
    }

    /// <summary>Ends the process at once, as <c>kill -9</c> does: nothing of it runs to a graceful end.</summary>
    public void Kill() => process.Kill(entireProcessTree: true);

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
        process.Dispose();
        Directory.Delete(DataDirectory, recursive: true);
    }

    /// <summary><c>dotnet KissChat.Web.dll</c> with only the environment a test gives it (and the tests' JWT secret).</summary>
    private static ProcessStartInfo StartInfo(string workingDirectory, string[] arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(Repository.OutputOf("KissChat.Web"), "KissChat.Web.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var inherited in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_CONTENTROOT", "DOTNET_CONTENTROOT", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "DATABASE_URL" })
        {
            start.Environment.Remove(inherited);
        }

        start.Environment["JWT_SECRET"] = KissChatServer.JwtSecret;
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return start;
    }

    private async Task WaitUntilLiveAsync()
    {
        using var client = CreateClient();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (process.HasExited)
            {
                var failure = $"The server exited with {process.ExitCode} before it answered:\n{Output}";
                await DisposeAsync();
                Assert.Fail(failure);
            }

            try
            {
                if ((await client.GetAsync("/health/live")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        await DisposeAsync();
        Assert.Fail($"The server did not answer within 90 s:\n{Output}");
    }

    private void Append(string? line)
    {
        lock (output)
        {
            output.AppendLine(line);
        }
    }
}

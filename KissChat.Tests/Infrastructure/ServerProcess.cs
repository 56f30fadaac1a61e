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
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(Repository.OutputOf("KissChat.Web"), "KissChat.Web.dll"));
        foreach (var inherited in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_CONTENTROOT", "DOTNET_CONTENTROOT", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "DATABASE_URL" })
        {
            start.Environment.Remove(inherited);
        }

        start.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["DATA_DIR"] = dataDirectory;
        start.Environment["JWT_SECRET"] = KissChatServer.JwtSecret;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var server = new ServerProcess(Process.Start(start) ?? throw new InvalidOperationException("Could not start the server."), new Uri($"http://127.0.0.1:{port}"), dataDirectory);
        server.process.OutputDataReceived += (_, line) => server.Append(line.Data);
        server.process.ErrorDataReceived += (_, line) => server.Append(line.Data);
        server.process.BeginOutputReadLine();
        server.process.BeginErrorReadLine();
        await server.WaitUntilLiveAsync();
        return server;
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

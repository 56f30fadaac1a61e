using System.Diagnostics;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.ApiDocument;

/// <summary>
/// The npm project beside this file: openapi-typescript turns the API document into types, tsc checks a small client
/// against them and emits it, and node runs it against a live server. Installs its two packages on first use.
/// </summary>
internal static class TypeScriptClient
{
    private static readonly SemaphoreSlim Install = new(1, 1);

    public static string Folder { get; } = Path.Combine(Repository.Root, "KissChat.Tests", "ApiDocument", "typescript");

    public static async Task<string> GenerateCheckAndRunAsync(string document, Uri server)
    {
        await EnsureInstalledAsync();
        var generated = Directory.CreateDirectory(Path.Combine(Folder, "generated")).FullName;
        var documentPath = Path.Combine(generated, "openapi.json");
        await File.WriteAllTextAsync(documentPath, document);
        await NodeAsync("node_modules/openapi-typescript/bin/cli.js", documentPath, "-o", Path.Combine(generated, "schema.d.ts"));
        await NodeAsync("node_modules/typescript/bin/tsc", "-p", ".");
        return await NodeAsync(Path.Combine("generated", "out", "client-check.js"), server.ToString().TrimEnd('/'));
    }

    private static async Task EnsureInstalledAsync()
    {
        await Install.WaitAsync();
        try
        {
            if (!File.Exists(Path.Combine(Folder, "node_modules", "typescript", "bin", "tsc")))
            {
                await RunAsync("npm", "ci", "--no-audit", "--no-fund");
            }
        }
        finally
        {
            Install.Release();
        }
    }

    private static Task<string> NodeAsync(params string[] arguments) => RunAsync("node", arguments);

    private static async Task<string> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
        arguments.ToList().ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        var text = $"{await output}{await error}";
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} exited {process.ExitCode}:\n{text}");
        return text;
    }
}

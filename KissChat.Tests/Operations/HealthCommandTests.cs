using System.Globalization;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Operations;

/// <summary>The container's health check (<c>dotnet KissChat.Web.dll health</c>): 0 while the server there is live, 1 with a reason when not.</summary>
public sealed class HealthCommandTests
{
    [Fact]
    public async Task TheHealthCommandSaysWhetherTheServerOnItsPortIsLive()
    {
        await using var server = await ServerProcess.StartAsync(Path.GetTempPath());
        var port = server.BaseAddress.Port.ToString(CultureInfo.InvariantCulture);
        var nothing = LocalPorts.Free().ToString(CultureInfo.InvariantCulture);

        var live = await ServerProcess.RunCommandAsync(new Dictionary<string, string> { ["PORT"] = port }, "health");
        var listedFirst = await ServerProcess.RunCommandAsync(new Dictionary<string, string> { ["ASPNETCORE_URLS"] = $"http://+:{port};http://+:{nothing}" }, "health");
        var byHttpPorts = await ServerProcess.RunCommandAsync(new Dictionary<string, string> { ["ASPNETCORE_HTTP_PORTS"] = port, ["PORT"] = nothing }, "health");
        var gone = await ServerProcess.RunCommandAsync(new Dictionary<string, string> { ["PORT"] = nothing }, "health");

        Assert.True(live.ExitCode == 0, live.Output);
        Assert.True(listedFirst.ExitCode == 0, listedFirst.Output);
        Assert.True(byHttpPorts.ExitCode == 0, byHttpPorts.Output);
        Assert.Equal(1, gone.ExitCode);
        Assert.Contains($"http://127.0.0.1:{nothing}/health/live did not answer", gone.Output, StringComparison.Ordinal);
    }
}

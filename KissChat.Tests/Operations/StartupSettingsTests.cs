using System.Diagnostics;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Operations;

/// <summary>
/// The built server started as an operator starts it, with a setting it cannot work with: it stops at once with one line
/// naming the setting and what it takes, instead of a stack trace, a start that fails every request, or a failure at
/// shutdown.
/// </summary>
public sealed class StartupSettingsTests
{
    [Theory]
    [InlineData("RateLimits__GlobalPerIpPerMinute", "0", "RateLimits:GlobalPerIpPerMinute is 0")]
    [InlineData("Jobs__KeepAliveSeconds", "0", "Jobs:KeepAliveSeconds is 0")]
    [InlineData("Jobs__ShutdownDrainSeconds", "-1", "Jobs:ShutdownDrainSeconds is -1")]
    [InlineData("Chats__HistoryLoadLimit", "0", "Chats:HistoryLoadLimit is 0")]
    [InlineData("Auth__LockoutFailures", "0", "Auth:LockoutFailures is 0")]
    [InlineData("Auth__RefreshTokenDays", "3000000", "Auth:RefreshTokenDays is 3000000")]
    [InlineData("Inference__TotalTimeoutSeconds", "1e12", "Inference:TotalTimeoutSeconds is 1e12")]
    [InlineData("PORT", "abc", "PORT is 'abc'")]
    [InlineData("FORWARD_LIMIT", "2", "FORWARD_LIMIT is 2 with no TRUSTED_PROXIES")]
    [InlineData("CREDITS_ENABLED", "maybe", "CREDITS_ENABLED is 'maybe'")]
    [InlineData("Inference__MaxTokens", "abc", "Failed to convert configuration value 'abc' at 'Inference:MaxTokens'")]
    [InlineData("LOG_FORMAT", "xml", "LOG_FORMAT is 'xml'")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "notaurl", "OTEL_EXPORTER_OTLP_ENDPOINT is 'notaurl'")]
    [InlineData("DATABASE_URL", "postgres://kiss:pw@127.0.0.1:1/kc?sslmode=verify-fulll", "DATABASE_URL's sslmode is 'verify-fulll'")]
    public async Task ASettingTheServerCannotWorkWithStopsTheStartInOneLineNamingIt(string setting, string value, string said)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("kisschat-test-").FullName;
        try
        {
            var (exitCode, output) = await ServerProcess.RunCommandAsync(new Dictionary<string, string> { ["DATA_DIR"] = dataDirectory, [setting] = value });

            Assert.Equal(1, exitCode);
            Assert.Contains($"KissChat cannot start: {said}", output, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    /// <summary>
    /// A per-address lockout that can never come before the account's locks the owner out where only the guesser should
    /// be: the server starts, and says so.
    /// </summary>
    [Theory]
    [InlineData("50", true)]
    [InlineData("49", false)]
    public async Task APerAddressLockoutNoSoonerThanTheAccountsIsWarnedAboutAtStart(string lockoutFailures, bool warned)
    {
        await using var server = await ServerProcess.StartAsync(Path.GetTempPath(), new Dictionary<string, string>
        {
            ["Auth__LockoutFailures"] = lockoutFailures,
            ["Auth__AccountLockoutFailures"] = "50",
        });

        // The hosted services' lines come before the host's own.
        var output = await Eventually.ValueAsync(() => Task.FromResult(server.Output), o => o.Contains("Application started", StringComparison.Ordinal));
        Assert.Contains("Application started", output, StringComparison.Ordinal);
        Assert.Equal(warned, output.Contains($"Auth:LockoutFailures ({lockoutFailures}) is not below Auth:AccountLockoutFailures (50)", StringComparison.Ordinal));
    }

    /// <summary>A second server on one SQLite data folder would end the first one's running replies as a dead instance's.</summary>
    [Fact]
    public async Task ASecondServerOnTheSameSqliteDataFolderStopsAndTheFirstKeepsServingWithItsDatabaseKeptPrivate()
    {
        await using var first = await ServerProcess.StartAsync(Path.GetTempPath());

        var (exitCode, output) = await ServerProcess.RunCommandAsync(new Dictionary<string, string> { ["DATA_DIR"] = first.DataDirectory, ["PORT"] = LocalPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal(1, exitCode);
        Assert.Contains("KissChat cannot start: another KissChat server is running on the SQLite database in DATA_DIR", output, StringComparison.Ordinal);
        using var client = first.CreateClient();
        Assert.True((await client.GetAsync("/health/ready")).IsSuccessStatusCode);
        // The database holds password hashes: readable by the server's user alone.
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(first.DataDirectory, "kisschat.db")));
        }
    }

    /// <summary>A PostgreSQL not up yet is waited for (a compose file starts both at once), then named in one line.</summary>
    [Fact]
    public async Task ADatabaseNotReachableYetIsWaitedForThenNamed()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("kisschat-test-").FullName;
        try
        {
            var port = LocalPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture);
            var waited = Stopwatch.StartNew();
            var (exitCode, output) = await ServerProcess.RunCommandAsync(new Dictionary<string, string>
            {
                ["DATA_DIR"] = dataDirectory,
                ["DATABASE_URL"] = $"postgres://kiss:pw@127.0.0.1:{port}/kc",
                ["Database__StartupWaitSeconds"] = "3",
            });

            Assert.Equal(1, exitCode);
            Assert.True(waited.Elapsed >= TimeSpan.FromSeconds(3), $"gave up after {waited.Elapsed}");
            Assert.Contains("The database cannot be reached yet", output, StringComparison.Ordinal);
            Assert.Contains("KissChat cannot start: the database refused to serve:", output, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}

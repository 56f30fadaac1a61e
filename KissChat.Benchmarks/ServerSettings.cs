namespace KissChat.Benchmarks;

/// <summary>What every benchmark's server is set up with: its own data, a fixed signing key, quiet logs, no abuse limits.</summary>
internal static class ServerSettings
{
    public static Dictionary<string, string> Common(string dataDirectory, string? postgresConnectionString) =>
        new(StringComparer.OrdinalIgnoreCase)
        {
            ["environment"] = "Production",
            ["DATA_DIR"] = dataDirectory,
            // Fixed, so that sessions stay valid when a benchmark restarts the server on the same data.
            ["JWT_SECRET"] = "benchmark-secret-that-is-long-enough-for-hs256!",
            ["DATABASE_URL"] = string.Empty,
            ["ConnectionStrings:Postgres"] = postgresConnectionString ?? string.Empty,
            ["Logging:LogLevel:Default"] = "Warning",
            // Start-up notes that do not apply here (keys in a temp folder, no wwwroot beside this program).
            ["Logging:LogLevel:Microsoft.AspNetCore.DataProtection"] = "Error",
            ["Logging:LogLevel:Microsoft.AspNetCore.StaticFiles"] = "Error",
            // One machine plays hundreds of users from one IP; the limits would measure themselves, not KissChat.
            ["RateLimits:GlobalPerIpPerMinute"] = "1000000000",
            ["RateLimits:AuthPerIpPerMinute"] = "1000000000",
            ["RateLimits:MessagesPerUserPerMinute"] = "1000000000",
            ["RateLimits:ConcurrentGenerationsPerUser"] = "1000000",
            ["RateLimits:OpenStreamsPerUser"] = "1000000",
            ["RateLimits:ImportsPerUserPerMinute"] = "1000000000",
        };

    /// <summary>Settings as the command line a KissChat host reads: <c>--Key=Value</c>.</summary>
    public static string[] AsArguments(IReadOnlyDictionary<string, string> settings) =>
        [.. settings.Select(s => $"--{s.Key}={s.Value}")];
}

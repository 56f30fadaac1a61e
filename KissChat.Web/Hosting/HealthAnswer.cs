using System.Text.Encodings.Web;
using System.Text.Json;
using KissChat.Web.Observability;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KissChat.Web.Hosting;

/// <summary>A probe's JSON: the overall status, this build's version, the uptime and each check with what it found.</summary>
internal sealed record HealthAnswer(string Status, string Version, long UptimeSeconds, IReadOnlyDictionary<string, HealthCheckAnswer> Checks)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Task WriteAsync(HttpContext context, HealthReport report, TimeSpan uptime)
    {
        var answer = new HealthAnswer(
            Name(report.Status),
            AppVersion.Value,
            (long)uptime.TotalSeconds,
            report.Entries.ToDictionary(entry => entry.Key, entry => new HealthCheckAnswer(Name(entry.Value.Status), entry.Value.Description, entry.Value.Data)));
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsJsonAsync(answer, Json, context.RequestAborted);
    }

    private static string Name(HealthStatus status) => status.ToString().ToLowerInvariant();
}

/// <param name="Description">What the check found, for operators; never a connection string or an exception's text.</param>
internal sealed record HealthCheckAnswer(string Status, string? Description, IReadOnlyDictionary<string, object> Data);

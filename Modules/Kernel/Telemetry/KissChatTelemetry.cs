using System.Diagnostics;
using System.Diagnostics.Metrics;
using KissChat.Kernel.Configuration;
using Microsoft.Extensions.Configuration;

namespace KissChat.Kernel.Telemetry;

/// <summary>
/// The name of KissChat's own meter and activity source (the model client's GenAI spans use it too). Instruments are
/// created from the host's <see cref="IMeterFactory"/>, so each server has its own and nothing is recorded unless an
/// exporter listens.
/// </summary>
public static class KissChatTelemetry
{
    public const string Name = "KissChat";

    /// <summary>Spans of KissChat's own work (a job, a SQLite command); null from <c>StartActivity</c> when nobody records them.</summary>
    public static readonly ActivitySource Source = new(Name);

    public static Meter KissChatMeter(this IMeterFactory meters) => meters.Create(Name);
}

/// <summary>What telemetry is on, from the <c>Telemetry</c> section and the standard OpenTelemetry variables.</summary>
/// <param name="IncludeContent">
/// Whether prompts and replies may appear in traces and logs (the model client's sensitive data). Off by default:
/// telemetry says what happened and how long it took, never what was said.
/// </param>
/// <param name="Tracing">Whether spans are exported: <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.</param>
public sealed record TelemetrySettings(bool IncludeContent, bool Tracing)
{
    public static TelemetrySettings From(IConfiguration configuration) => new(
        configuration.GetSection("Telemetry").Flag("IncludeContent", false),
        Exported(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]));

    /// <summary>Whether the collector's address is set; one that is no http(s) URL would drop every span without a word.</summary>
    private static bool Exported(string? endpoint) =>
        !string.IsNullOrWhiteSpace(endpoint)
        && (SettingValues.HttpUrl(endpoint.Trim()) is not null
            ? true
            : throw new ConfigurationProblem($"OTEL_EXPORTER_OTLP_ENDPOINT is '{endpoint}': it takes the collector's http or https URL, e.g. http://collector:4317."));
}

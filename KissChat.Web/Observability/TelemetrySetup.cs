using KissChat.Kernel.Telemetry;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace KissChat.Web.Observability;

/// <summary>
/// OpenTelemetry, only when something will read it: traces, metrics and logs go over OTLP when the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, and metrics are scraped at <c>/metrics</c> when <c>Metrics:Prometheus</c> is
/// on. With neither, nothing listens, and KissChat's spans and instruments cost a check each.
/// </summary>
internal static class TelemetrySetup
{
    public static WebApplicationBuilder AddKissChatTelemetry(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var otlp = TelemetrySettings.From(configuration).Tracing;
        var prometheus = PrometheusEndpoint.IsOn(configuration);
        if (!otlp && !prometheus)
        {
            return builder;
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] ?? "kisschat", serviceVersion: AppVersion.Value))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(KissChatTelemetry.Name, "System.Runtime")
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddNpgsqlInstrumentation();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }

                if (prometheus)
                {
                    metrics.AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0);
                }
            });
        if (otlp)
        {
            telemetry
                .WithTracing(tracing => tracing
                    .AddSource(KissChatTelemetry.Name)
                    .AddAspNetCoreInstrumentation(options => options.Filter = context => !RequestLog.IsProbe(context.Request.Path))
                    .AddHttpClientInstrumentation()
                    .AddNpgsql()
                    .AddOtlpExporter())
                .WithLogging(logging => logging.AddOtlpExporter(), options => options.IncludeScopes = true);
        }

        return builder;
    }
}

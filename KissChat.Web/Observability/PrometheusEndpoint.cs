using System.Security.Cryptography;
using System.Text;
using KissChat.Kernel.Configuration;
using KissChat.Kernel.Http;

namespace KissChat.Web.Observability;

/// <summary>
/// <c>GET /metrics</c> for Prometheus when <c>Metrics:Prometheus</c> is on; with <c>Metrics:BearerToken</c> set, only for
/// scrapers that send it. Outside the API (and its document): it is the operator's, not the frontend's.
/// </summary>
internal static class PrometheusEndpoint
{
    public const string Path = "/metrics";

    public static bool IsOn(IConfiguration configuration) => configuration.GetSection("Metrics").Flag("Prometheus", false);

    public static WebApplication UsePrometheusEndpoint(this WebApplication app)
    {
        if (!IsOn(app.Configuration))
        {
            return app;
        }

        var token = app.Configuration["Metrics:BearerToken"] is { Length: > 0 } configured ? Encoding.UTF8.GetBytes("Bearer " + configured) : null;
        app.UseOpenTelemetryPrometheusScrapingEndpoint(
            meterProvider: null,
            predicate: context => context.Request.Path == Path,
            path: null,
            configureBranchedPipeline: branch => branch.Use(async (context, next) =>
            {
                if (token is not null && !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString()), token))
                {
                    context.Response.Headers.WWWAuthenticate = "Bearer";
                    await Problems.Unauthorized("The metrics need the bearer token set in Metrics:BearerToken.").ExecuteAsync(context);
                    return;
                }

                await next(context);
            }),
            optionsName: null);
        return app;
    }
}

using FastEndpoints;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KissChat.Web.Hosting;

internal sealed record HealthResponse(string Response);

/// <summary>The seed's health check at <c>GET /</c>.</summary>
internal sealed class SeedHealthEndpoint : EndpointWithoutRequest<HealthResponse>
{
    public override void Configure()
    {
        Get("/");
        AllowAnonymous();
        Description(b => b.WithTags("Health").WithName("Health"));
        Summary(s => s.Summary = "The seed's health check.");
    }

    public override Task<HealthResponse> ExecuteAsync(CancellationToken ct) => Task.FromResult(new HealthResponse("Server health is ok !"));
}

internal static class HealthEndpoints
{
    /// <summary>
    /// Live: the process answers. Ready: the database is reachable and migrated, the job workers run, and the model
    /// provider answered lately (a cached check that only a required provider lets fail readiness). Both answer JSON
    /// with the version and uptime. These stay ASP.NET Core health-check endpoints rather than FastEndpoints: the
    /// health-check middleware runs the checks each module registers (with their tags, in parallel, 503 when one is
    /// unhealthy), and probes belong to the orchestrator, not to the API document, its authentication or its limits.
    /// </summary>
    public static WebApplication MapHealthProbes(this WebApplication app)
    {
        var clock = app.Services.GetRequiredService<TimeProvider>();
        var started = clock.GetTimestamp();
        Task Write(HttpContext context, HealthReport report) => HealthAnswer.WriteAsync(context, report, clock.GetElapsedTime(started));
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = Write }).DisableRateLimiting();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready"), ResponseWriter = Write })
            .DisableRateLimiting();
        return app;
    }
}

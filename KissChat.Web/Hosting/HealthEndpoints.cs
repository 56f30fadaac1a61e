using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace KissChat.Web.Hosting;

internal static class HealthEndpoints
{
    public sealed record HealthResponse(string Response);

    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapGet("/", () => TypedResults.Ok(new HealthResponse("Server health is ok !")))
            .WithName("Health").WithTags("Health").WithSummary("The seed's health check.");
        // Live: the process answers. Ready: it can also reach its database.
        // Probes are never rate limited: an orchestrator must not see a busy instance as a dead one.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).DisableRateLimiting();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).DisableRateLimiting();
        return app;
    }
}

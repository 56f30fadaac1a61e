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
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        return app;
    }
}

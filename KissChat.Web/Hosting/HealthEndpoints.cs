using FastEndpoints;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

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
    /// Live: the process answers. Ready: it can also reach its database. These stay ASP.NET Core health-check
    /// endpoints: the health-check middleware already runs the registered checks and writes their status.
    /// Probes are never rate limited: an orchestrator must not see a busy instance as a dead one.
    /// </summary>
    public static WebApplication MapHealthProbes(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).DisableRateLimiting();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).DisableRateLimiting();
        return app;
    }
}

using KissChat.Inference.Contracts;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KissChat.Inference.Health;

/// <summary>
/// The model provider's reachability, from <see cref="ProviderProbe"/>'s cached answer. A provider that is down makes
/// the instance degraded (still ready: it serves everything but replies, and readiness does not flap with a flaky
/// provider) unless <c>Health:RequireProvider</c> is on. The demo model is always there.
/// </summary>
internal sealed class ProviderHealthCheck(InferenceOptions inference, ProviderHealthOptions options, ProviderProbe provider) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["provider"] = inference.Provider.ToString().ToLowerInvariant(), ["model"] = inference.DefaultModel };
        if (inference.Provider == InferenceProvider.Demo)
        {
            return HealthCheckResult.Healthy("The offline demo model answers.", data);
        }

        var probe = await provider.CheckAsync().WaitAsync(cancellationToken);
        data["checked_at"] = probe.CheckedAt;
        return probe.Reachable ? HealthCheckResult.Healthy(probe.Description, data)
            : options.Required ? HealthCheckResult.Unhealthy(probe.Description, data: data)
            : HealthCheckResult.Degraded(probe.Description, data: data);
    }
}

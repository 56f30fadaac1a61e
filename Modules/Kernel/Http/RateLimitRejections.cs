using System.Diagnostics.Metrics;
using KissChat.Kernel.Telemetry;

namespace KissChat.Kernel.Http;

/// <summary>Counts the 429s KissChat answers, by the limit that refused (see <see cref="RateLimits"/> for the names).</summary>
public sealed class RateLimitRejections(IMeterFactory meters)
{
    private readonly Counter<long> rejections = meters.KissChatMeter()
        .CreateCounter<long>("kisschat.rate_limit.rejections", "{request}", "Requests refused with 429, by the limit (policy) that refused them.");

    public void Count(string policy) => rejections.Add(1, new KeyValuePair<string, object?>("policy", policy));
}

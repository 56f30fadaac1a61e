using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using KissChat.Kernel.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Kernel.Http;

/// <summary>The <c>RateLimits</c> section: abuse limits per client IP and per user.</summary>
public sealed record RateLimitSettings(
    int GlobalPerIpPerMinute,
    int AuthPerIpPerMinute,
    int MessagesPerUserPerMinute,
    int ConcurrentGenerationsPerUser,
    int OpenStreamsPerUser,
    int ImportsPerUserPerMinute)
{
    public static RateLimitSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("RateLimits");
        return new RateLimitSettings(
            section.Int("GlobalPerIpPerMinute", 600, 1, int.MaxValue),
            section.Int("AuthPerIpPerMinute", 30, 1, int.MaxValue),
            section.Int("MessagesPerUserPerMinute", 30, 1, int.MaxValue),
            section.Int("ConcurrentGenerationsPerUser", 2, 1, int.MaxValue),
            section.Int("OpenStreamsPerUser", 10, 1, int.MaxValue),
            section.Int("ImportsPerUserPerMinute", 20, 1, int.MaxValue));
    }
}

public static class RateLimits
{
    /// <summary>Signup, login and refresh, per client IP: slows down password guessing and account farming.</summary>
    public const string Auth = "auth";

    /// <summary>Messages that start a generation, per user.</summary>
    public const string Generation = "generation";

    /// <summary>
    /// File imports (cards, chats, lorebooks, presets, personas), per user: each may store megabytes, so the per-IP limit
    /// alone would let one account fill the disk in minutes.
    /// </summary>
    public const string Imports = "imports";

    /// <summary>The limit on every request per client IP (a metrics name: it is not an endpoint policy).</summary>
    public const string PerIp = "per_ip";

    /// <summary>Open SSE streams per user (<c>RateLimits:OpenStreamsPerUser</c>; a metrics name).</summary>
    public const string OpenStreams = "open_streams";

    /// <summary>Replies being generated at once per user (<c>RateLimits:ConcurrentGenerationsPerUser</c>; a metrics name).</summary>
    public const string ConcurrentGenerations = "concurrent_generations";

    /// <summary>A user's image refused while their previous one is being decoded (<see cref="Files.DecodePlaces"/>; a metrics name).</summary>
    public const string DecodePlaces = "decode_places";

    /// <summary>An email locked after too many wrong passwords (a metrics name).</summary>
    public const string LoginLockout = "login_lockout";

    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    internal static IServiceCollection AddKissChatRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = RateLimitSettings.From(configuration);
        services.AddSingleton(settings);
        services.AddSingleton<RateLimitRejections>();
        services.AddRateLimiter(options =>
        {
            options.OnRejected = (rejected, cancellationToken) =>
            {
                var policy = rejected.HttpContext.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName ?? "unknown";
                rejected.HttpContext.RequestServices.GetRequiredService<RateLimitRejections>().Count(policy);
                return RejectAsync(rejected, cancellationToken);
            };
            options.AddPolicy(Auth, context => RateLimitPartition.GetFixedWindowLimiter(ClientIp(context), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = settings.AuthPerIpPerMinute,
                Window = Minute,
                QueueLimit = 0,
            }));
            options.AddPolicy(Generation, context => PerUserPerMinute(context, settings.MessagesPerUserPerMinute));
            options.AddPolicy(Imports, context => PerUserPerMinute(context, settings.ImportsPerUserPerMinute));
        });
        return services;
    }

    /// <summary>
    /// The limit on every request per client IP, placed before authentication: a flood of bad tokens (each one
    /// a database lookup) must be throttled as much as anything else. Probes marked DisableRateLimiting pass.
    /// </summary>
    public static IApplicationBuilder UsePerIpLimit(this IApplicationBuilder app)
    {
        var settings = app.ApplicationServices.GetRequiredService<RateLimitSettings>();
        var rejections = app.ApplicationServices.GetRequiredService<RateLimitRejections>();
        var limiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            RateLimitPartition.GetTokenBucketLimiter(ClientIp(context), _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = settings.GlobalPerIpPerMinute,
                TokensPerPeriod = settings.GlobalPerIpPerMinute,
                ReplenishmentPeriod = Minute,
                QueueLimit = 0,
            }));
        return app.Use(async (context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<DisableRateLimitingAttribute>() is null)
            {
                using var lease = limiter.AttemptAcquire(context);
                if (!lease.IsAcquired)
                {
                    rejections.Count(PerIp);
                    await RejectAsync(new OnRejectedContext { HttpContext = context, Lease = lease }, context.RequestAborted);
                    return;
                }
            }

            await next(context);
        });
    }

    private static RateLimitPartition<string> PerUserPerMinute(HttpContext context, int permits) => RateLimitPartition.GetSlidingWindowLimiter(
        CurrentUser.TryGetId(context.User)?.ToString() ?? ClientIp(context),
        _ => new SlidingWindowRateLimiterOptions { PermitLimit = permits, Window = Minute, SegmentsPerWindow = 6, QueueLimit = 0 });

    /// <summary>The address the limits count a request against: the connection's, or the proxy's X-Forwarded-For under TRUST_PROXY.</summary>
    public static string ClientIp(HttpContext context) => context.Connection.RemoteIpAddress is { } address ? ClientKey(address) : "unknown";

    /// <summary>
    /// An IPv6 client is its /64: one home or one server is given a whole /64, and a key per address would give it
    /// as many buckets as it cares to use.
    /// </summary>
    private static string ClientKey(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return $"{new IPAddress(bytes)}/64";
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : Minute;
        var problem = Problems.TooManyRequests("Too many requests; slow down and try again later.", retryAfter);
        await problem.ExecuteAsync(rejected.HttpContext);
    }

    internal static string Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}

using KissChat.Kernel.Configuration;
using KissChat.Kernel.Http;
using KissChat.Web.Observability;
using KissChat.Web.OpenApi;
using Microsoft.AspNetCore.HttpOverrides;

namespace KissChat.Web.Hosting;

internal static class HostingSetup
{
    private const string FrontendCors = "frontend";

    /// <summary>
    /// The port the server listens on, as ASP.NET Core chooses it: the first of <c>urls</c> (<c>ASPNETCORE_URLS</c>), else the
    /// first of <c>http_ports</c> (<c>ASPNETCORE_HTTP_PORTS</c>), else the seed's <c>PORT</c>.
    /// </summary>
    public static int ListeningPort(IConfiguration configuration)
    {
        static string? First(string? list) => list?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return First(configuration["urls"]) is { } url
            && Uri.TryCreate(url.Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal), UriKind.Absolute, out var listening)
            ? listening.Port
            : First(configuration["http_ports"]) is { } port && int.TryParse(port, out var number)
                ? number
                : SeedPort(configuration);
    }

    private static int SeedPort(IConfiguration configuration) => configuration.Int("PORT", 8080, 1, 65535);

    /// <summary>Listening address, body limits, CORS and API documents, honouring the seed's PORT and FRONTEND_URL.</summary>
    public static WebApplicationBuilder AddKissChatHosting(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        if (string.IsNullOrEmpty(configuration["urls"]) && string.IsNullOrEmpty(configuration["http_ports"]))
        {
            builder.WebHost.UseUrls($"http://0.0.0.0:{SeedPort(configuration)}");
        }

        var maxRequestBody = (long)configuration.GetSection("Limits").Number("MaxRequestBodyBytes", 1024 * 1024, 1024, 1L << 40);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = maxRequestBody);

        var origins = FrontendOrigins(configuration);
        builder.Services.AddCors(cors => cors.AddPolicy(FrontendCors, policy =>
            policy.WithOrigins([.. origins]).AllowCredentials().AllowAnyHeader().AllowAnyMethod().WithExposedHeaders("Retry-After")));
        builder.Services.AddSingleton<IReadOnlySet<string>>(origins);
        builder.Services.AddHsts(hsts => hsts.MaxAge = TimeSpan.FromDays(365));
        // Read now, so that a bad list stops the start with its own line.
        var proxies = TrustedProxies.From(configuration);
        builder.Services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            // Behind a TLS-terminating proxy the scheme and client IP come from X-Forwarded-*; only when asked,
            // since trusting them without a proxy would let any client fake its IP past the rate limits.
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            proxies.ApplyTo(forwarded);
        });
        builder.Services.AddApiDocument();
        return builder;
    }

    public static WebApplication UseKissChatPipeline(this WebApplication app)
    {
        // First, so its line has the status and time of everything below, the exception handler's 500s included.
        app.UseMiddleware<RequestLog>();
        if (app.Configuration.Flag("TRUST_PROXY", false))
        {
            app.UseForwardedHeaders();
        }

        app.UseExceptionHandler();
        app.UsePrometheusEndpoint();
        app.UseSecurityHeaders();
        if (string.Equals(app.Configuration["NODE_ENV"], "production", StringComparison.OrdinalIgnoreCase))
        {
            app.UseHsts();
        }

        app.UseStatusCodePages();
        app.UseCors(FrontendCors);
        app.UsePerIpLimit();
        app.UseMiddleware<CookieOriginCheck>();
        app.UseMiddleware<ImageLoadCheck>();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseUserLogScope();
        // After authorization, so per-user limits know the user.
        app.UseRateLimiter();
        app.UseMissingContentTypeCheck();
        return app;
    }

    private static HashSet<string> FrontendOrigins(IConfiguration configuration) =>
        (configuration["FRONTEND_URL"] ?? "http://localhost:3000")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(origin => origin.TrimEnd('/'))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
}

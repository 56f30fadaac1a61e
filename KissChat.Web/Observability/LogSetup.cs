using KissChat.Kernel.Configuration;
using KissChat.Kernel.Http;
using KissChat.Kernel.Telemetry;
using Microsoft.Extensions.Logging.Console;

namespace KissChat.Web.Observability;

/// <summary>
/// <c>LOG_FORMAT=json</c> writes one JSON object per line (<see cref="JsonLineFormatter"/>); the default stays the
/// readable console format.
/// </summary>
internal static class LogSetup
{
    public static WebApplicationBuilder AddKissChatLogs(this WebApplicationBuilder builder)
    {
        if (IsJson(builder.Configuration))
        {
            builder.Logging.AddConsole(console => console.FormatterName = JsonLineFormatter.Name)
                .AddConsoleFormatter<JsonLineFormatter, ConsoleFormatterOptions>();
        }

        return builder;
    }

    /// <summary>
    /// While a signed-in user's request runs, its log lines name the user. Only when a log that shows scopes is on (JSON
    /// lines, OTLP), since nothing else would read it.
    /// </summary>
    public static IApplicationBuilder UseUserLogScope(this WebApplication app)
    {
        if (!IsJson(app.Configuration) && !app.Services.GetRequiredService<TelemetrySettings>().Tracing)
        {
            return app;
        }

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("KissChat.Requests");
        return app.Use(async (context, next) =>
        {
            using var scope = CurrentUser.TryGetId(context.User) is { } userId ? logger.BeginScope("User {UserId}", userId) : null;
            await next(context);
        });
    }

    private static bool IsJson(IConfiguration configuration) => configuration["LOG_FORMAT"]?.Trim().ToLowerInvariant() switch
    {
        null or "" or "text" or "readable" or "plain" or "console" or "simple" => false,
        "json" => true,
        var other => throw new ConfigurationProblem($"LOG_FORMAT is '{other}': it takes json, or nothing for readable lines."),
    };
}

using KissChat.Kernel.Http;

namespace KissChat.Web.Observability;

/// <summary>
/// One log line per request, once it is answered: method, path (never the query, which may carry search text), status,
/// time and user. Health probes and metric scrapes, which come every few seconds, are logged at Debug only.
/// </summary>
internal sealed partial class RequestLog(RequestDelegate next, ILogger<RequestLog> logger, TimeProvider clock)
{
    public static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments(PrometheusEndpoint.Path, StringComparison.OrdinalIgnoreCase);

    public async Task InvokeAsync(HttpContext context)
    {
        var started = clock.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var level = IsProbe(context.Request.Path) ? LogLevel.Debug : LogLevel.Information;
            if (logger.IsEnabled(level))
            {
                var elapsed = Math.Round(clock.GetElapsedTime(started).TotalMilliseconds, 1);
                var request = context.Request;
                if (CurrentUser.TryGetId(context.User) is { } userId)
                {
                    Answered(logger, level, request.Method, request.Path.Value, context.Response.StatusCode, elapsed, userId);
                }
                else
                {
                    AnsweredAnonymous(logger, level, request.Method, request.Path.Value, context.Response.StatusCode, elapsed);
                }
            }
        }
    }

    [LoggerMessage(Message = "{Method} {Path} answered {StatusCode} in {ElapsedMs} ms for user {UserId}")]
    private static partial void Answered(ILogger logger, LogLevel level, string method, string? path, int statusCode, double elapsedMs, Guid userId);

    [LoggerMessage(Message = "{Method} {Path} answered {StatusCode} in {ElapsedMs} ms")]
    private static partial void AnsweredAnonymous(ILogger logger, LogLevel level, string method, string? path, int statusCode, double elapsedMs);
}

using Microsoft.AspNetCore.Http;

namespace KissChat.Tests.Fakes;

internal sealed record StatusScript(int StatusCode, string Body, string? RetryAfter = null) : ModelScript
{
    public override async Task RunAsync(HttpContext context, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = StatusCode;
        if (RetryAfter is not null)
        {
            context.Response.Headers.RetryAfter = RetryAfter;
        }

        context.Response.ContentType = Body.StartsWith('{') ? "application/json" : "text/plain";
        await context.Response.WriteAsync(Body, cancellationToken);
    }
}

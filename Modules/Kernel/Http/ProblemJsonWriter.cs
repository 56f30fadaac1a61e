using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace KissChat.Kernel.Http;

/// <summary>
/// Writes every ProblemDetails the server answers (rate limiter rejections, typed problem results, status-code pages,
/// the authentication handler's 401/403, unexpected errors) as <c>application/problem+json</c>, whatever the request's
/// Accept header says. ASP.NET Core's own writer declines a request that does not accept JSON, such as an EventSource
/// (<c>Accept: text/event-stream</c>): problem results then fall back to a bare body without the <c>error</c> member or
/// <c>Retry-After</c>, status-code pages answer in plain text, and the authentication handler's challenge fails with a 500.
/// </summary>
internal sealed class ProblemJsonWriter(IOptions<ProblemDetailsOptions> options, IOptions<JsonOptions> json) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var httpContext = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Status ??= httpContext.Response.StatusCode;
        // Creating the result fills in the type and title of the status, as ASP.NET Core's writer does.
        _ = TypedResults.Problem(problem);
        problem.Extensions["traceId"] = Activity.Current?.Id ?? httpContext.TraceIdentifier;
        options.Value.CustomizeProblemDetails?.Invoke(context);
        return new ValueTask(httpContext.Response.WriteAsJsonAsync(
            problem, json.Value.SerializerOptions.GetTypeInfo(problem.GetType()), ApiProblem.ContentType, httpContext.RequestAborted));
    }
}

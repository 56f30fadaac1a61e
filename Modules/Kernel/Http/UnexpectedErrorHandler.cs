using System.Text.Json;
using KissChat.Kernel.Database;
using KissChat.Kernel.Identity;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KissChat.Kernel.Http;

/// <summary>
/// Turns what escapes a handler into ProblemDetails: unreadable requests keep their 4xx status and say
/// which field was wrong; a database that cannot serve for now is a 503 with Retry-After; a write pointing at a row
/// deleted meanwhile is the client's to retry or to sign in again; anything else is a 500 whose body never carries
/// internals.
/// </summary>
internal sealed class UnexpectedErrorHandler(IProblemDetailsService problemDetails, IServiceScopeFactory scopes, ILogger<UnexpectedErrorHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            BadHttpRequestException bad => Describe(bad),
            _ when DatabaseUnavailable.Is(exception) => Unavailable(httpContext, exception),
            _ when ForeignKeys.WereViolatedIn(exception) => await GoneAsync(httpContext, exception, cancellationToken),
            _ => null,
        };

        if (problem is null)
        {
            logger.LogError(exception, "Unhandled exception for {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            problem = new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Detail = "An unexpected error occurred." };
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    /// <summary>
    /// A 503 the client can retry: the request itself was fine. Its <c>Retry-After</c> header comes from <c>retry_after</c>,
    /// set by the shared customizer as for a 429.
    /// </summary>
    private ProblemDetails Unavailable(HttpContext httpContext, Exception exception)
    {
        logger.LogWarning(exception, "The database could not serve {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        return new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Detail = "The server is busy; try again in a few seconds.",
            Extensions = { [ErrorMember.RetryAfter] = 5 },
        };
    }

    /// <summary>
    /// What the write pointed at was deleted between the request's checks and its write, by another request or on another
    /// instance: the account itself (deleted before this instance's session check noticed: the session is over, 401), or
    /// a row the request named (409). Asked in a scope of its own: the request's context may hold the failed write.
    /// </summary>
    private async Task<ProblemDetails> GoneAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var accountGone = false;
        if (CurrentUser.TryGetId(httpContext.User) is { } userId)
        {
            await using var scope = scopes.CreateAsyncScope();
            accountGone = !await scope.ServiceProvider.GetRequiredService<KissChatDbContext>().Users.AnyAsync(u => u.Id == userId, cancellationToken);
        }

        // A warning with the exception: a foreign key broken by a bug, not a race, must still be seen.
        logger.LogWarning(exception, "A write for {Method} {Path} pointed at a row deleted meanwhile (account gone: {AccountGone})", httpContext.Request.Method, httpContext.Request.Path, accountGone);
        return accountGone
            ? new ProblemDetails { Status = StatusCodes.Status401Unauthorized, Detail = AccountGone.Message }
            : new ProblemDetails { Status = StatusCodes.Status409Conflict, Detail = "Something this request refers to was deleted meanwhile; reload and try again." };
    }

    private static ProblemDetails Describe(BadHttpRequestException exception)
    {
        if (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new ProblemDetails { Status = exception.StatusCode, Detail = "The request body is too large." };
        }

        if (exception.InnerException is JsonException json)
        {
            var field = json.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : null;
            var problem = new HttpValidationProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Detail = field is null ? MalformedBody.NotJson : MalformedBody.At(field),
            };
            if (field is not null)
            {
                problem.Errors[field] = ["Malformed value, wrong type or named twice."];
            }

            return problem;
        }

        var message = exception.Message.Contains("body", StringComparison.OrdinalIgnoreCase)
            ? "The request body is missing or is not JSON."
            : "The request is malformed.";
        return new ProblemDetails { Status = exception.StatusCode, Detail = message };
    }
}

using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KissChat.Kernel.Http;

/// <summary>The expected failures every slice returns; the shared customizer adds the seed's <c>error</c> member.</summary>
public static class Problems
{
    public static ProblemHttpResult BadRequest(string message) => Create(StatusCodes.Status400BadRequest, message);

    public static ProblemHttpResult Unauthorized(string message) => Create(StatusCodes.Status401Unauthorized, message);

    public static ProblemHttpResult PaymentRequired(string message) => Create(StatusCodes.Status402PaymentRequired, message);

    public static ProblemHttpResult Forbidden(string message) => Create(StatusCodes.Status403Forbidden, message);

    public static ProblemHttpResult NotFound(string message) => Create(StatusCodes.Status404NotFound, message);

    public static ProblemHttpResult Conflict(string message) => Create(StatusCodes.Status409Conflict, message);

    /// <summary>A 429 whose <c>Retry-After</c> header the shared customizer sets from <c>retry_after</c>.</summary>
    public static ProblemHttpResult TooManyRequests(string message, TimeSpan retryAfter) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            detail: message,
            extensions: new Dictionary<string, object?> { [ErrorMember.RetryAfter] = int.Parse(RateLimits.Seconds(retryAfter), System.Globalization.CultureInfo.InvariantCulture) });

    public static ProblemHttpResult NotImplemented(string message) => Create(StatusCodes.Status501NotImplemented, message);

    public static ProblemHttpResult Create(int status, string message) =>
        TypedResults.Problem(statusCode: status, detail: message);
}

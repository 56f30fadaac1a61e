using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace KissChat.Kernel.Http;

/// <summary>
/// The existing frontend reads <c>{"error": "..."}</c>; every ProblemDetails carries that member too, so the
/// frontend keeps working while new clients get RFC 9457.
/// </summary>
internal static class ErrorMember
{
    public const string RetryAfter = "retry_after";

    // The statuses KissChat answers that ASP.NET Core has no link for, so every problem says what its status means.
    private static readonly Dictionary<int, string> Links = new()
    {
        [StatusCodes.Status402PaymentRequired] = "https://tools.ietf.org/html/rfc9110#section-15.5.3",
        [StatusCodes.Status413PayloadTooLarge] = "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        [StatusCodes.Status429TooManyRequests] = "https://tools.ietf.org/html/rfc6585#section-4",
        [StatusCodes.Status501NotImplemented] = "https://tools.ietf.org/html/rfc9110#section-15.6.2",
    };

    public static void Add(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Type is null && problem.Status is { } status && Links.TryGetValue(status, out var link))
        {
            problem.Type = link;
        }

        problem.Extensions["error"] = problem.Detail ?? problem.Title ?? "Request failed.";
        if (problem.Extensions.TryGetValue(RetryAfter, out var seconds) && seconds is not null)
        {
            context.HttpContext.Response.Headers.RetryAfter = Convert.ToString(seconds, System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}

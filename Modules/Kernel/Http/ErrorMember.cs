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

    public static void Add(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Extensions["error"] = problem.Detail ?? problem.Title ?? "Request failed.";
        if (problem.Extensions.TryGetValue(RetryAfter, out var seconds) && seconds is not null)
        {
            context.HttpContext.Response.Headers.RetryAfter = Convert.ToString(seconds, System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}

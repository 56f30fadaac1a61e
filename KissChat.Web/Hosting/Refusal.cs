namespace KissChat.Web.Hosting;

/// <summary>The 403 ProblemDetails that the request checks in front of the endpoints answer with.</summary>
internal static class Refusal
{
    public static async Task WriteForbiddenAsync(this IProblemDetailsService problems, HttpContext context, string detail)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = StatusCodes.Status403Forbidden, Detail = detail },
        });
    }
}

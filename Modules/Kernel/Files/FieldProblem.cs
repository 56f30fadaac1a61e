using Microsoft.AspNetCore.Mvc;

namespace KissChat.Kernel.Files;

public static class FieldProblem
{
    /// <summary>A 400 shaped like the validation filter's, for rules that need more than the request to check.</summary>
    public static ProblemHttpResult BadRequest(string field, string message) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Detail = message,
        });
}

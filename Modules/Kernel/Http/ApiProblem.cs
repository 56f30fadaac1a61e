using System.Text.Json.Serialization;
using FluentValidation.Results;

namespace KissChat.Kernel.Http;

/// <summary>
/// The body of every error answer: RFC 9457 ProblemDetails plus the seed's <c>error</c> member, with the failing
/// fields under <c>errors</c> (JSON field name → messages) when a request was invalid. It is also what the API
/// document shows for every error status.
/// </summary>
public sealed record ApiProblem(
    string? Type,
    string? Title,
    int Status,
    string? Detail,
    string Error,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string[]>? Errors,
    [property: JsonPropertyName("traceId")] string? TraceId)
{
    public const string ContentType = "application/problem+json";

    /// <summary>A 400 (or <paramref name="status"/>) naming each invalid field; the detail repeats the first message of each.</summary>
    public static ApiProblem FromFailures(IEnumerable<ValidationFailure> failures, HttpContext context, int status)
    {
        var errors = failures
            .GroupBy(f => f.PropertyName)
            .ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).Distinct().ToArray());
        var detail = string.Join(" ", errors.Values.Select(messages => messages[0]));
        return new ApiProblem(
            "https://tools.ietf.org/html/rfc9110#section-15.5.1",
            "One or more validation errors occurred.",
            status,
            detail,
            detail,
            errors,
            System.Diagnostics.Activity.Current?.Id ?? context.TraceIdentifier);
    }
}

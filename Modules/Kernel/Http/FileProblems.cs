using FluentValidation.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KissChat.Kernel.Http;

/// <summary>The 400 of an imported file whose content breaks the rules of what it becomes, shaped like any invalid request.</summary>
public static class FileProblems
{
    /// <summary>Each failing member by its path, with its distinct messages; the first of each is the detail.</summary>
    public static ValidationProblem Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, detail: string.Join(" ", errors.Values.Select(v => v[0])));

    public static ValidationProblem Invalid(ValidationResult validation) =>
        Invalid(validation.Errors.GroupBy(e => e.PropertyName).ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray()));
}

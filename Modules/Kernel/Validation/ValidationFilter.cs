using FluentValidation;
using Microsoft.AspNetCore.Http;

namespace KissChat.Kernel.Validation;

/// <summary>Runs the request's FluentValidation validator before the handler; failures name each field.</summary>
internal sealed class ValidationFilter<TRequest>(IValidator<TRequest> validator) : IEndpointFilter
    where TRequest : class
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        // A required body that is missing never gets here (binding answers 400); a missing optional one has nothing to check.
        var request = context.Arguments.OfType<TRequest>().FirstOrDefault();
        if (request is null)
        {
            return await next(context);
        }

        var result = await validator.ValidateAsync(request, context.HttpContext.RequestAborted);
        if (result.IsValid)
        {
            return await next(context);
        }

        var errors = result.Errors
            .GroupBy(e => e.PropertyName)
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());
        return TypedResults.ValidationProblem(errors, detail: string.Join(" ", errors.Values.Select(v => v[0])));
    }
}

using FastEndpoints;
using Microsoft.AspNetCore.Http.Features;

namespace KissChat.Kernel.Endpoints;

/// <summary>
/// Binds a request whose JSON body may be left out: no body at all (or an empty one, whatever its content type)
/// binds like <c>{}</c>. A body that is there must be JSON (else 415) and well formed (else 400).
/// </summary>
public sealed class OptionalJsonBody<TRequest> : RequestBinder<TRequest>
    where TRequest : notnull
{
    private static readonly RequestBinder<TRequest> WithoutBody =
        new(BindingSource.RouteValues | BindingSource.QueryParams | BindingSource.Headers | BindingSource.UserClaims);

    public override ValueTask<TRequest> BindAsync(BinderContext ctx, CancellationToken ct)
    {
        var request = ctx.HttpContext.Request;
        if (request.ContentLength == 0 || request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false)
        {
            return WithoutBody.BindAsync(ctx, ct);
        }

        // Thrown like the framework's own bad requests, so the unexpected-error handler answers the 415 problem.
        return request.HasJsonContentType()
            ? base.BindAsync(ctx, ct)
            : throw new BadHttpRequestException("The request body must be JSON.", StatusCodes.Status415UnsupportedMediaType);
    }
}

public static class OptionalJsonBodyDocumentation
{
    /// <summary>
    /// Documents the optional JSON body of an endpoint bound by <see cref="OptionalJsonBody{TRequest}"/>. The
    /// wildcard lets a request without any Content-Type through, as one without a body has none.
    /// </summary>
    public static RouteHandlerBuilder AcceptsOptionalJson<TRequest>(this RouteHandlerBuilder builder)
        where TRequest : notnull =>
        builder.ClearDefaultAccepts().Accepts<TRequest>(isOptional: true, "application/json", "*/*");
}

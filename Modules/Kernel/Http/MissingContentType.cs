using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace KissChat.Kernel.Http;

/// <summary>
/// A request without a Content-Type to an endpoint that needs a body is a 415 with the usual problem body (FastEndpoints
/// would answer an empty 415). Endpoints whose body is optional, or that take any type, are left alone.
/// </summary>
public static class MissingContentType
{
    public static IApplicationBuilder UseMissingContentTypeCheck(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (!context.Request.Headers.ContainsKey(HeaderNames.ContentType)
                && context.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>() is { IsOptional: false } accepts
                && accepts.ContentTypes.Count > 0
                && !accepts.ContentTypes.Contains("*/*"))
            {
                var problem = Problems.Create(
                    StatusCodes.Status415UnsupportedMediaType,
                    $"Send the request body as {string.Join(" or ", accepts.ContentTypes)}, with that Content-Type.");
                await problem.ExecuteAsync(context);
                return;
            }

            await next(context);
        });
}

using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace KissChat.Kernel.Http;

/// <summary>
/// A body an endpoint cannot read is a 415 with the usual problem body: a request without a Content-Type to an endpoint
/// that needs a body (FastEndpoints would answer an empty 415), and a body of another type to one whose JSON body is
/// optional (it would be read as no body, its settings silently dropped). Endpoints that take any type are left alone.
/// </summary>
public static class MissingContentType
{
    private const string Json = "application/json";

    public static IApplicationBuilder UseMissingContentTypeCheck(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var accepts = context.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>();
            var request = context.Request;
            var unread = accepts switch
            {
                { IsOptional: false, ContentTypes.Count: > 0 } when !accepts.ContentTypes.Contains("*/*") => !request.Headers.ContainsKey(HeaderNames.ContentType),
                { IsOptional: true } when accepts.ContentTypes.Contains(Json) => RequestBody.IsPresent(request) && !request.HasJsonContentType(),
                _ => false,
            };
            if (unread)
            {
                var types = accepts!.ContentTypes.Where(t => t != "*/*");
                var problem = Problems.Create(
                    StatusCodes.Status415UnsupportedMediaType,
                    $"Send the request body as {string.Join(" or ", types)}, with that Content-Type{(accepts.IsOptional ? ", or send no body" : "")}.");
                await problem.ExecuteAsync(context);
                return;
            }

            await next(context);
        });
}

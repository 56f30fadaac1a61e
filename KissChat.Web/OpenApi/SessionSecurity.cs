using Microsoft.AspNetCore.Authorization;
using NSwag;
using NSwag.Generation.AspNetCore;
using NSwag.Generation.Processors;
using NSwag.Generation.Processors.Contexts;

namespace KissChat.Web.OpenApi;

/// <summary>
/// The two ways to present a session, both read by the one KissChat scheme: a Bearer access token, or the seed's
/// access_token cookie. Each operation that needs a session names both; anonymous operations name none.
/// </summary>
internal sealed class SessionSecurity : IDocumentProcessor, IOperationProcessor
{
    private const string Bearer = "Bearer";
    private const string Cookie = "AccessTokenCookie";

    public void Process(DocumentProcessorContext context)
    {
        var schemes = context.Document.Components.SecuritySchemes;
        schemes[Bearer] = new OpenApiSecurityScheme
        {
            Type = OpenApiSecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "The access_token returned by signup, login or refresh.",
        };
        schemes[Cookie] = new OpenApiSecurityScheme
        {
            Type = OpenApiSecuritySchemeType.ApiKey,
            In = OpenApiSecurityApiKeyLocation.Cookie,
            Name = "access_token",
            Description = "Set by signup/login; renewed silently from the refresh_token cookie.",
        };
    }

    public bool Process(OperationProcessorContext context)
    {
        var metadata = ((AspNetCoreOperationProcessorContext)context).ApiDescription.ActionDescriptor.EndpointMetadata;
        var anonymous = metadata.OfType<IAllowAnonymous>().Any() || !metadata.OfType<IAuthorizeData>().Any();
        context.OperationDescription.Operation.Security = anonymous
            ? []
            : [new OpenApiSecurityRequirement { [Bearer] = [] }, new OpenApiSecurityRequirement { [Cookie] = [] }];
        return true;
    }
}

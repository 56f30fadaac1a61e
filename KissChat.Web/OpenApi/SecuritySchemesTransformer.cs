using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace KissChat.Web.OpenApi;

/// <summary>Documents the two ways to authenticate: a Bearer access token, or the seed's access_token cookie.</summary>
internal sealed class SecuritySchemesTransformer : IOpenApiDocumentTransformer
{
    private const string Bearer = "Bearer";
    private const string Cookie = "AccessTokenCookie";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "KissChat API";
        document.Info.Description = "AI character chat: accounts, characters, chats with streamed (SSE) replies.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "The access_token returned by signup, login or refresh.",
        };
        document.Components.SecuritySchemes[Cookie] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Cookie,
            Name = "access_token",
            Description = "Set by signup/login; renewed silently from the refresh_token cookie.",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, document)] = [] });
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Cookie, document)] = [] });
        return Task.CompletedTask;
    }
}

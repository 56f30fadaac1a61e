using FastEndpoints.Swagger;

namespace KissChat.Web.OpenApi;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c> (exact enough to generate a client from) and Swagger UI at <c>/swagger</c>.</summary>
internal static class ApiDocument
{
    public static IServiceCollection AddApiDocument(this IServiceCollection services) =>
        services.SwaggerDocument(options =>
        {
            options.EnableJWTBearerAuth = false;
            options.AutoTagPathSegmentIndex = 0;
            options.ShortSchemaNames = true;
            options.RemoveEmptyRequestSchema = true;
            options.DocumentSettings = settings =>
            {
                settings.DocumentName = "v1";
                settings.Title = "KissChat API";
                settings.Version = "v1";
                settings.Description = "AI character chat: accounts, characters, chats with streamed (SSE) replies.";
                // Non-nullable members are always sent, so generated clients can rely on them; members whose nullability
                // reflection cannot see (the T of the seed's {"data": T} envelopes) are never null either.
                settings.SchemaSettings.DefaultReferenceTypeNullHandling = NJsonSchema.Generation.ReferenceTypeNullHandling.NotNull;
                settings.MarkNonNullablePropsAsRequired();
                // Card members kept as written (a character's character_book, an imported lorebook file) are free-form JSON objects.
                settings.SchemaSettings.TypeMappers.Add(new NJsonSchema.Generation.TypeMappers.PrimitiveTypeMapper(
                    typeof(System.Text.Json.Nodes.JsonObject),
                    schema =>
                    {
                        schema.Type = NJsonSchema.JsonObjectType.Object;
                        schema.AdditionalPropertiesSchema = NJsonSchema.JsonSchema.CreateAnySchema();
                    }));
                var security = new SessionSecurity();
                settings.DocumentProcessors.Add(security);
                settings.OperationProcessors.Add(security);
                settings.OperationProcessors.Add(new OptionalBodies());
                settings.OperationProcessors.Add(new RouteParameterNames());
                settings.OperationProcessors.Add(new EventStreamSchemas());
            };
        });

    public static WebApplication MapApiDocuments(this WebApplication app)
    {
        app.UseOpenApi(settings => settings.Path = "/openapi/{documentName}.json");
        app.UseSwaggerUi(settings =>
        {
            settings.ConfigureDefaults();
            settings.Path = "/swagger";
            settings.DocumentPath = "/openapi/{documentName}.json";
        });
        return app;
    }
}

using System.Reflection;
using System.Text.Json;
using FastEndpoints;
using FluentValidation.Results;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Kernel.Endpoints;

/// <summary>
/// FastEndpoints for every module: the endpoints of each module that registered a <see cref="ModuleModel"/>, the
/// seed's snake_case JSON, and errors in the <see cref="ApiProblem"/> shape.
/// </summary>
public static class KissChatEndpoints
{
    /// <summary>Call after every module is added: the module set (and the host's <paramref name="hostAssembly"/>) hold the endpoints.</summary>
    public static IServiceCollection AddKissChatEndpoints(this IServiceCollection services, Assembly hostAssembly)
    {
        var assemblies = services
            .Where(d => d.ServiceType == typeof(ModuleModel))
            .Select(d => ((ModuleModel)d.ImplementationInstance!).Assembly)
            .Append(typeof(KissChatEndpoints).Assembly)
            .Append(hostAssembly)
            .Distinct()
            .ToArray();
        return services.AddFastEndpoints(options =>
        {
            options.DisableAutoDiscovery = true;
            options.Assemblies = assemblies;
        });
    }

    public static IApplicationBuilder UseKissChatEndpoints(this IApplicationBuilder app) => app.UseFastEndpoints(Configure);

    // FastEndpoints keeps this configuration process-wide and applies it once, so it must not capture anything of one
    // host (the test run starts many hosts in one process).
    private static void Configure(Config config)
    {
        config.Serializer.Options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        config.Serializer.Options.AllowTrailingCommas = false;
        // A member named twice is refused, not settled by the last one silently: a proxy, log or rule that read the first
        // would disagree with what was stored.
        config.Serializer.Options.AllowDuplicateProperties = false;
        config.Serializer.Options.Converters.Add(new JsonObjectMembers());
        config.Errors.ContentType = ApiProblem.ContentType;
        config.Errors.ProducesMetadataType = typeof(ApiProblem);
        config.Errors.ResponseBuilder = (failures, context, status) => ApiProblem.FromFailures(failures, context, status);
        config.Binding.JsonExceptionTransformer = MalformedJson;
        // A route or query value that does not bind is said in the API's words, not as a C# type ("[Int32] property").
        config.Binding.FailureMessage = (type, name, _) => $"'{JsonNamingPolicy.SnakeCaseLower.ConvertName(name)}' must be {Expected(Nullable.GetUnderlyingType(type) ?? type)}.";
        // An empty body is no body: optional bodies (refresh, logout, regenerate) may be left out with or without a JSON
        // content type, and a client that sends that content type on every request still reaches GET and DELETE routes.
        config.Serializer.RequestDeserializer = (request, type, context, ct) => RequestBody.IsPresent(request)
            ? request.ReadFromJsonAsync(type, context?.Options ?? config.Serializer.Options, ct)
            : ValueTask.FromResult<object?>(null);
        // Field names already follow the JSON names (see ValidationNames), including in included rule sets.
        config.Validation.UsePropertyNamingPolicy = false;
        config.Endpoints.Configurator = endpoint =>
        {
            // FastEndpoints documents a 403 without a body for every signed-in endpoint; ours carry a problem, and only
            // where one can happen: the endpoint's own checks, or the host's Origin check on writes that carry session
            // cookies. The per-IP limit (429) guards every route but the probes.
            endpoint.Description(b => b.ClearDefaultProduces(StatusCodes.Status403Forbidden).ProducesProblems(StatusCodes.Status429TooManyRequests));
            if (endpoint.Verbs.Any(verb => verb is not "GET" and not "HEAD"))
            {
                endpoint.Description(b => b.ProducesProblems(StatusCodes.Status403Forbidden));
            }

            if (endpoint.AnonymousVerbs is null)
            {
                endpoint.AuthSchemes(SessionScheme.Name);
                endpoint.Description(b => b.ProducesProblems(StatusCodes.Status401Unauthorized));
            }
        };
    }

    private static string Expected(Type type) => type switch
    {
        _ when type == typeof(int) || type == typeof(long) || type == typeof(short) => "a whole number",
        _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => "a number",
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(Guid) => "an id (a GUID)",
        _ when type == typeof(DateTime) || type == typeof(DateTimeOffset) => "a date and time (ISO 8601)",
        { IsEnum: true } => $"one of: {string.Join(", ", Enum.GetNames(type).Select(JsonNamingPolicy.SnakeCaseLower.ConvertName))}",
        _ => "a valid value",
    };

    private static ValidationFailure MalformedJson(JsonException exception)
    {
        var field = exception.Path is { Length: > 2 } path && !path.StartsWith("$[", StringComparison.Ordinal) ? path[2..] : null;
        return field is null
            ? new ValidationFailure("body", MalformedBody.NotJson)
            : new ValidationFailure(field, MalformedBody.At(field));
    }
}

using System.Text.Json;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Hardening;

/// <summary>One operation of the OpenAPI document, with what the fuzzer and the matrices need.</summary>
/// <param name="QueryParameters">Each with its type, or its format where it has one (<c>guid</c>, <c>date-time</c>).</param>
public sealed record ApiOperation(
    string Method,
    string Path,
    IReadOnlyList<string> PathParameters,
    IReadOnlyList<(string Name, string Type)> QueryParameters,
    IReadOnlyList<(string Name, string Type)> JsonFields,
    bool TakesJson,
    bool TakesUpload)
{
    /// <summary>The path with each parameter replaced by <paramref name="value"/>'s answer for it.</summary>
    public string PathWith(Func<string, string> value) =>
        PathParameters.Aggregate(Path, (path, parameter) => path.Replace($"{{{parameter}}}", value(parameter), StringComparison.Ordinal));

    /// <summary>A route only an administrator may use.</summary>
    public bool IsAdministrators => Path.StartsWith("/api/v1/admin/", StringComparison.Ordinal);

    public override string ToString() => $"{Method} {Path}";
}

/// <summary>Reads every operation from the server's own OpenAPI document, so new routes are covered automatically.</summary>
public static class ApiSurface
{
    public static async Task<IReadOnlyList<ApiOperation>> ReadAsync(KissChatServer server)
    {
        var document = await (await server.CreateClient().GetAsync("/openapi/v1.json")).AssertOkJsonAsync();
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var operations = new List<ApiOperation>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete"))
            {
                var parameters = System.Text.RegularExpressions.Regex.Matches(path.Name, @"\{(\w+)\}").Select(m => m.Groups[1].Value).ToList();
                var (takesJson, fields) = JsonBody(operation.Value, schemas);
                var takesUpload = operation.Value.TryGetProperty("requestBody", out var body)
                    && body.GetProperty("content").TryGetProperty("multipart/form-data", out _);
                operations.Add(new ApiOperation(operation.Name.ToUpperInvariant(), path.Name, parameters, Query(operation.Value), fields, takesJson, takesUpload));
            }
        }

        return operations;
    }

    private static List<(string, string)> Query(JsonElement operation) =>
        operation.TryGetProperty("parameters", out var parameters)
            ? parameters.EnumerateArray()
                .Where(p => p.GetProperty("in").GetString() == "query")
                .Select(p => (p.GetProperty("name").GetString()!, p.GetProperty("schema").TryGetProperty("format", out var format) ? format.GetString()! : TypeOf(p.GetProperty("schema"))))
                .ToList()
            : [];

    private static (bool TakesJson, List<(string, string)> Fields) JsonBody(JsonElement operation, JsonElement schemas)
    {
        if (!operation.TryGetProperty("requestBody", out var body) || !body.GetProperty("content").TryGetProperty("application/json", out var json))
        {
            return (false, []);
        }

        var schema = json.GetProperty("schema");
        if (schema.TryGetProperty("$ref", out var reference))
        {
            schema = schemas.GetProperty(reference.GetString()!.Split('/')[^1]);
        }

        var fields = schema.TryGetProperty("properties", out var properties)
            ? properties.EnumerateObject().Select(p => (p.Name, TypeOf(p.Value))).ToList()
            : [];
        return (true, fields);
    }

    private static string TypeOf(JsonElement property) => property.TryGetProperty("type", out var type)
        ? type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().First(t => t.GetString() != "null").GetString()! : type.GetString()!
        : "object";
}

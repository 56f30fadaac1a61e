using System.Net.Http.Json;
using System.Text.Json;
using KissChat.Tests.Chats;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Hardening;

/// <summary>One operation of the OpenAPI document, with what the fuzzer and the authorization matrix need.</summary>
public sealed record ApiOperation(string Method, string Path, IReadOnlyList<string> PathParameters, IReadOnlyList<(string Name, string Type)> JsonFields, bool TakesJson, bool TakesUpload)
{
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
                operations.Add(new ApiOperation(operation.Name.ToUpperInvariant(), path.Name, parameters, fields, takesJson, takesUpload));
            }
        }

        return operations;
    }

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

/// <summary>User A with one of everything: the resources other users and malformed requests are aimed at.</summary>
public sealed record OwnedResources(TestUser Owner, Guid CharacterId, Guid ChatId, Guid JobId, Guid MessageId, Guid PersonaId, Guid LorebookId, Guid PresetId, string Secret)
{
    public static async Task<OwnedResources> CreateAsync(KissChatServer server)
    {
        var owner = await TestUser.SignUpAsync(server);
        var secret = $"secret-{Guid.NewGuid():N}";
        var create = await owner.Client.PostAsJsonAsync("/api/v1/character/create", new { name = "Hidden", backstory = secret, greeting = "hello" });
        var characterId = (await create.AssertOkJsonAsync(System.Net.HttpStatusCode.Created)).GetProperty("data").GetProperty("character_id").GetGuid();
        var chatId = await ChatScenario.NewChatAsync(owner, characterId);
        var frames = await ChatScenario.SendAndReadAsync(owner, chatId, secret);
        var messages = await (await owner.Client.GetAsync($"/api/v1/chat/{chatId}/messages")).AssertOkJsonAsync();
        var messageId = messages.GetProperty("data").EnumerateArray().Last().GetProperty("id").GetGuid();
        var personaId = await CreatedIdAsync(owner, "/api/v1/persona/create", new { name = "Hidden persona", description = secret });
        var lorebookId = await CreatedIdAsync(owner, "/api/v1/lorebook/create", new { name = "Hidden lore", entries = new[] { new { keys = new[] { "hidden" }, content = secret } } });
        var presetId = await CreatedIdAsync(owner, "/api/v1/preset/create", new { name = secret, settings = new { temperature = 0.5 } });
        return new OwnedResources(owner, characterId, chatId, ChatScenario.JobId(frames), messageId, personaId, lorebookId, presetId, secret);
    }

    /// <summary>The owner's id for a path parameter; null for parameters that name no owned resource.</summary>
    public string? IdFor(ApiOperation operation, string parameter) => parameter switch
    {
        "jobId" => JobId.ToString(),
        "messageId" => MessageId.ToString(),
        "id" when operation.Path.StartsWith("/api/v1/character/", StringComparison.Ordinal) => CharacterId.ToString(),
        "id" when operation.Path.StartsWith("/api/v1/admin/characters/", StringComparison.Ordinal) => CharacterId.ToString(),
        "id" when operation.Path.StartsWith("/api/v1/admin/users/", StringComparison.Ordinal) => Owner.Id.ToString(),
        // No report names the owner's (private) character; the route is an administrator's whatever the id.
        "id" when operation.Path.StartsWith("/api/v1/admin/reports/", StringComparison.Ordinal) => CharacterId.ToString(),
        "id" when operation.Path.StartsWith("/api/v1/chat/", StringComparison.Ordinal) => ChatId.ToString(),
        "id" when operation.Path.StartsWith("/api/v1/user/", StringComparison.Ordinal) => Owner.Id.ToString(),
        "id" when operation.Path.StartsWith("/api/v1/persona/", StringComparison.Ordinal) => PersonaId.ToString(),
        "id" when operation.Path.StartsWith("/api/v1/lorebook/", StringComparison.Ordinal) => LorebookId.ToString(),
        "id" when operation.Path.StartsWith("/api/v1/preset/", StringComparison.Ordinal) => PresetId.ToString(),
        _ => null,
    };

    private static async Task<Guid> CreatedIdAsync(TestUser owner, string path, object body) =>
        (await (await owner.Client.PostAsJsonAsync(path, body)).AssertOkJsonAsync(System.Net.HttpStatusCode.Created)).GetProperty("data").GetProperty("id").GetGuid();
}

using System.Text.Json;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.ApiDocument;

/// <summary>The OpenAPI document is exact enough for a frontend to generate its client from.</summary>
public sealed class ApiDocumentTests(SqliteServer server) : IClassFixture<SqliteServer>
{
    private static readonly string[] AnonymousOperations =
        ["SignUp", "LogIn", "RefreshSession", "LogOut", "OAuthCallback", "Health", "GetAvatar", "Echo", "BrowsePublicCharacters", "ListCharacterTags", "GetCreatorPage"];

    [Fact]
    public async Task AGeneratedTypeScriptClientTypeChecksAndTalksToTheServer()
    {
        var document = await (await server.CreateClient().GetAsync("/openapi/v1.json")).Content.ReadAsStringAsync();

        var output = await TypeScriptClient.GenerateCheckAndRunAsync(document, server.BaseAddress);

        Assert.Contains("client check passed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EachOperationStatesItsOwnSecurity()
    {
        // No document-wide requirement: an operation without one of its own needs no session.
        Assert.False((await DocumentAsync()).TryGetProperty("security", out _));
        foreach (var (id, operation) in await OperationsAsync())
        {
            var security = operation.TryGetProperty("security", out var requirements)
                ? requirements.EnumerateArray().SelectMany(r => r.EnumerateObject().Select(p => p.Name)).ToList()
                : [];
            if (AnonymousOperations.Contains(id))
            {
                Assert.True(security.Count == 0, $"{id} should be anonymous but names {string.Join(", ", security)}");
            }
            else
            {
                Assert.True(security is ["Bearer", "AccessTokenCookie"], $"{id} names {string.Join(", ", security)}");
                Assert.True(operation.GetProperty("responses").TryGetProperty("401", out _), $"{id} does not document its 401");
            }
        }
    }

    [Fact]
    public async Task EveryErrorIsAProblemWithTheSeedsErrorMember()
    {
        var document = await DocumentAsync();
        var problem = document.GetProperty("components").GetProperty("schemas").GetProperty("ApiProblem");
        Assert.Contains("error", problem.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        foreach (var (id, operation) in await OperationsAsync())
        {
            foreach (var response in operation.GetProperty("responses").EnumerateObject().Where(r => r.Name[0] is '4' or '5'))
            {
                var schema = response.Value.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema");
                Assert.True(schema.GetProperty("$ref").GetString() == "#/components/schemas/ApiProblem", $"{id} {response.Name}: {schema}");
            }
        }
    }

    [Fact]
    public async Task NumbersAreNumbersAndInternalMembersStayOut()
    {
        var text = (await DocumentAsync()).GetRawText();

        Assert.DoesNotContain("\"normalized_email\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"is_o_auth\"", text, StringComparison.Ordinal);
        foreach (var schema in Schemas(await DocumentAsync()).Where(s => s.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.Array))
        {
            Assert.Fail($"A schema has several types: {schema}");
        }
    }

    /// <summary>Settings nested in a request (a preset's, a chat's) are documented with their limits, as a message's own are.</summary>
    [Fact]
    public async Task NestedGenerationSettingsCarryTheirLimits()
    {
        var temperature = (await DocumentAsync()).GetProperty("components").GetProperty("schemas").GetProperty("GenerationSettings")
            .GetProperty("properties").GetProperty("temperature");

        Assert.Equal((0, 2), (temperature.GetProperty("minimum").GetDouble(), temperature.GetProperty("maximum").GetDouble()));
    }

    private async Task<JsonElement> DocumentAsync() =>
        await (await server.CreateClient().GetAsync("/openapi/v1.json")).AssertOkJsonAsync();

    private async Task<List<(string Id, JsonElement Operation)>> OperationsAsync() =>
        (await DocumentAsync()).GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete"))
            .Select(o => (o.Value.GetProperty("operationId").GetString()!, o.Value))
            .ToList();

    private static IEnumerable<JsonElement> Schemas(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Schemas(p.Value)).Prepend(element),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Schemas),
        _ => [],
    };
}

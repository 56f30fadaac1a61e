using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Characters.Cards;

/// <summary>The two card routes as the frontend calls them.</summary>
internal static class CardApi
{
    public const string Import = "/api/v1/character/import";

    public static string Export(Guid id, string query = "") => $"/api/v1/character/export/{id}{query}";

    /// <summary>Imports and returns the created character's view.</summary>
    public static async Task<JsonElement> ImportAsync(TestUser user, HttpContent content)
    {
        var body = await (await user.Client.PostAsync(Import, content)).AssertOkJsonAsync(HttpStatusCode.Created);
        Assert.Equal("Character imported.", body.GetProperty("message").GetString());
        return body.GetProperty("data");
    }

    public static async Task<Guid> ImportIdAsync(TestUser user, HttpContent content) =>
        (await ImportAsync(user, content)).GetProperty("character_id").GetGuid();

    public static async Task<JsonObject> ExportJsonAsync(TestUser user, Guid id, int version)
    {
        var response = await user.Client.GetAsync(Export(id, $"?format=json&version={version}"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(text)!.AsObject();
    }

    public static async Task<byte[]> ExportPngAsync(TestUser user, Guid id)
    {
        var response = await user.Client.GetAsync(Export(id, "?format=png"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    public static void AssertSameJson(JsonNode? expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected?.ToJsonString()}\nactual   {actual?.ToJsonString()}");
}

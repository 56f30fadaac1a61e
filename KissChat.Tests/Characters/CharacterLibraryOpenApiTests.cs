using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Characters;

/// <summary>The library's routes are documented with stable operation ids and the bodies and parameters they take.</summary>
public sealed class CharacterLibraryOpenApiTests(SqliteServer server) : IClassFixture<SqliteServer>
{
    [Theory]
    [InlineData("/api/v1/character/list", "get", "ListMyCharacters")]
    [InlineData("/api/v1/character/public", "get", "BrowsePublicCharacters")]
    [InlineData("/api/v1/character/update/{id}", "patch", "UpdateCharacter")]
    [InlineData("/api/v1/character/delete/{id}", "delete", "DeleteCharacter")]
    [InlineData("/api/v1/character/{id}/avatar", "post", "UploadCharacterAvatar")]
    [InlineData("/api/v1/user/avatar", "post", "UploadAvatar")]
    [InlineData("/api/v1/avatars/{file}", "get", "GetAvatar")]
    public async Task EachRouteHasItsOperationId(string path, string method, string operationId)
    {
        var document = await (await server.CreateClient().GetAsync("/openapi/v1.json")).AssertOkJsonAsync();

        var operation = document.GetProperty("paths").GetProperty(path).GetProperty(method);

        Assert.Equal(operationId, operation.GetProperty("operationId").GetString());
        Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()));
    }

    [Fact]
    public async Task BodiesAndQueryParametersAreDescribed()
    {
        var document = await (await server.CreateClient().GetAsync("/openapi/v1.json")).AssertOkJsonAsync();
        var paths = document.GetProperty("paths");

        var patch = paths.GetProperty("/api/v1/character/update/{id}").GetProperty("patch").GetProperty("requestBody").GetProperty("content");
        var upload = paths.GetProperty("/api/v1/character/{id}/avatar").GetProperty("post").GetProperty("requestBody").GetProperty("content");
        var browse = paths.GetProperty("/api/v1/character/public").GetProperty("get").GetProperty("parameters");

        Assert.True(patch.TryGetProperty("application/json", out _), patch.ToString());
        Assert.True(upload.GetProperty("multipart/form-data").GetProperty("schema").GetProperty("properties").TryGetProperty("file", out _), upload.ToString());
        Assert.Equal(["tag", "q", "sort", "cursor", "limit"], browse.EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        var update = document.GetProperty("components").GetProperty("schemas").GetProperty("UpdateCharacterRequest").GetProperty("properties");
        Assert.True(update.TryGetProperty("visibility", out _));
        Assert.False(update.TryGetProperty("sent_properties", out _));
    }
}

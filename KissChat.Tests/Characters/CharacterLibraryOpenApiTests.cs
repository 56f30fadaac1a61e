using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Characters;

/// <summary>The library's routes are documented with stable operation ids and the bodies and parameters they take.</summary>
public sealed class CharacterLibraryOpenApiTests(SqliteServer server) : IClassFixture<SqliteServer>
{
    [Theory]
    [InlineData("/api/v1/character/create", "post", "CreateCharacter")]
    [InlineData("/api/v1/character/get/{id}", "get", "GetCharacter")]
    [InlineData("/api/v1/character/list", "get", "ListMyCharacters")]
    [InlineData("/api/v1/character/public", "get", "BrowsePublicCharacters")]
    [InlineData("/api/v1/character/update/{id}", "patch", "UpdateCharacter")]
    [InlineData("/api/v1/character/delete/{id}", "delete", "DeleteCharacter")]
    [InlineData("/api/v1/character/{id}/avatar", "post", "UploadCharacterAvatar")]
    [InlineData("/api/v1/character/import", "post", "ImportCharacter")]
    [InlineData("/api/v1/character/export/{id}", "get", "ExportCharacter")]
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
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var form = upload.GetProperty("multipart/form-data").GetProperty("schema");
        // The form's schema may be inline or, as NSwag writes it, a reference to the components.
        form = form.TryGetProperty("$ref", out var reference) ? schemas.GetProperty(reference.GetString()!.Split('/')[^1]) : form;
        Assert.True(form.GetProperty("properties").TryGetProperty("file", out _), upload.ToString());
        Assert.False(form.GetProperty("properties").TryGetProperty("id", out _), form.ToString());
        Assert.Equal(["tag", "q", "sort", "cursor", "limit"], browse.EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        var update = schemas.GetProperty("UpdateCharacterRequest").GetProperty("properties");
        Assert.True(update.TryGetProperty("visibility", out _));
        Assert.False(update.TryGetProperty("sent_properties", out _));
        Assert.False(update.TryGetProperty("id", out _));
    }

    [Fact]
    public async Task CardImportTakesAFormFileAndExportDownloadsJsonOrPng()
    {
        var document = await (await server.CreateClient().GetAsync("/openapi/v1.json")).AssertOkJsonAsync();
        var paths = document.GetProperty("paths");

        var import = paths.GetProperty("/api/v1/character/import").GetProperty("post");
        var export = paths.GetProperty("/api/v1/character/export/{id}").GetProperty("get").GetProperty("responses");

        var form = import.GetProperty("requestBody").GetProperty("content").GetProperty("multipart/form-data").GetProperty("schema").GetProperty("$ref").GetString()!;
        var formFields = document.GetProperty("components").GetProperty("schemas").GetProperty(form.Split('/')[^1]).GetProperty("properties");
        Assert.Equal(["file"], formFields.EnumerateObject().Select(p => p.Name));
        Assert.Contains("application/json", import.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.All(["400", "413", "415"], status => Assert.True(import.GetProperty("responses").TryGetProperty(status, out _), status));
        var download = export.GetProperty("200");
        Assert.Equal(["application/json", "image/png"], download.GetProperty("content").EnumerateObject().Select(c => c.Name));
        Assert.True(download.GetProperty("headers").TryGetProperty("Content-Disposition", out _), download.ToString());
        Assert.All(["400", "403", "404"], status => Assert.True(export.TryGetProperty(status, out _), status));
    }
}

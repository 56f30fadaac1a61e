using System.Net;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Hosting;

public sealed class HostingTests(SqliteServer server) : IClassFixture<SqliteServer>
{
    [Fact]
    public async Task TheRootAnswersTheSeedsHealthMessage()
    {
        var response = await server.CreateClient().GetAsync("/");
        var body = await response.AssertOkJsonAsync();

        Assert.Equal("Server health is ok !", body.GetProperty("response").GetString());
        // The same URL is the web app for a browser: a cache must not hand one the other.
        Assert.Contains("Accept", response.Headers.Vary);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task HealthEndpointsAreHealthy(string path)
    {
        var body = await (await server.CreateClient().GetAsync(path)).AssertOkJsonAsync();

        Assert.Equal("healthy", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesRoutesSchemasAndAuthSchemes()
    {
        var document = await (await server.CreateClient().GetAsync("/openapi/v1.json")).AssertOkJsonAsync();

        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/auth/signup", out _));
        Assert.True(paths.TryGetProperty("/api/v1/user/update/{id}", out _));
        var components = document.GetProperty("components");
        Assert.True(components.GetProperty("securitySchemes").TryGetProperty("Bearer", out _));
        Assert.True(components.GetProperty("securitySchemes").TryGetProperty("AccessTokenCookie", out _));
        Assert.True(components.GetProperty("schemas").TryGetProperty("CredentialsRequest", out _));
    }

    [Fact]
    public async Task SwaggerUiIsServed()
    {
        var response = await server.CreateClient().GetAsync("/swagger/index.html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("swagger", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task UnknownRoutesAnswerProblemDetails()
    {
        var response = await server.CreateClient().GetAsync("/api/v1/nothing-here");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }
}

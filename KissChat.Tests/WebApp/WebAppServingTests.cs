using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.WebApp;

/// <summary>How the app is served: its page to browsers at <c>/</c>, the seed's health answer to API clients, fingerprinted modules.</summary>
public sealed partial class WebAppServingTests(SqliteServer server) : IClassFixture<SqliteServer>
{
    [Theory]
    [InlineData("application/json")]
    [InlineData("*/*")]
    public async Task ApiClientsAskingForTheRootKeepTheSeedsHealthAnswer(string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Accept.ParseAdd(accept);

        var body = await (await server.CreateClient().SendAsync(request)).AssertOkJsonAsync();

        Assert.Equal("Server health is ok !", body.GetProperty("response").GetString());
    }

    [Fact]
    public async Task BrowsersGetTheAppsPageUncachedUnderAStrictContentSecurityPolicy()
    {
        var (response, html) = await PageAsync();

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoCache);
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", policy, StringComparison.Ordinal);
        // The only inline script is the import map, allowed by its hash alone.
        var importMap = ImportMapPattern().Match(html).Groups[1].Value;
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(importMap)));
        Assert.Contains($"script-src 'self' 'sha256-{hash}';", policy, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Matches(html, "<script").Count);
    }

    [Fact]
    public async Task EveryModuleIsImportedFromAFingerprintedUrlThatServesIt()
    {
        var (_, html) = await PageAsync();
        var client = server.CreateClient();

        var imports = JsonDocument.Parse(ImportMapPattern().Match(html).Groups[1].Value).RootElement.GetProperty("imports")
            .EnumerateObject().ToDictionary(entry => entry.Name, entry => entry.Value.GetString()!);
        Assert.Contains("/app/views/chat.js", imports.Keys);
        Assert.Matches("<script type=\"module\" src=\"/app/main\\.[a-z0-9]+\\.js\"></script>", html);
        Assert.Matches("<link rel=\"stylesheet\" href=\"/app/app\\.[a-z0-9]+\\.css\">", html);
        foreach (var (plain, fingerprinted) in imports)
        {
            Assert.Matches($"^{Regex.Escape(plain[..^3])}\\.[a-z0-9]+\\.js$", fingerprinted);
            var module = await client.GetAsync(fingerprinted);
            Assert.Equal(HttpStatusCode.OK, module.StatusCode);
            Assert.Equal("text/javascript", module.Content.Headers.ContentType?.MediaType);
            Assert.Equal(await client.GetStringAsync(plain), await module.Content.ReadAsStringAsync());
        }
    }

    private async Task<(HttpResponseMessage Response, string Html)> PageAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("*/*", 0.8));
        var response = await server.CreateClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (response, await response.Content.ReadAsStringAsync());
    }

    [GeneratedRegex("<script type=\"importmap\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex ImportMapPattern();
}

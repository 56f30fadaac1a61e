using System.Net;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Hosting;

/// <summary>The built server started from another folder, as <c>cd / &amp;&amp; dotnet /app/KissChat.Web.dll</c> does.</summary>
public sealed class ContentRootTests
{
    [Fact]
    public async Task StartedFromAnotherFolderTheServerUsesItsOwnSettingsAndStaticFiles()
    {
        var elsewhere = Directory.CreateTempSubdirectory("kisschat-cwd-").FullName;
        try
        {
            await using var server = await ServerProcess.StartAsync(elsewhere);

            var avatar = await server.CreateClient().GetAsync("/static/default-avatar.svg");

            Assert.Equal(HttpStatusCode.OK, avatar.StatusCode);
            Assert.Equal("image/svg+xml", avatar.Content.Headers.ContentType?.MediaType);
            // appsettings.json keeps Entity Framework at Warning; without it every SQL command is logged at Information.
            Assert.DoesNotContain("Executed DbCommand", server.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    [Fact]
    public async Task AContentRootGivenByTheOperatorIsHonoured()
    {
        var root = Directory.CreateTempSubdirectory("kisschat-root-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "wwwroot", "static"));
            await File.WriteAllTextAsync(Path.Combine(root, "wwwroot", "static", "operator.txt"), "the operator's file");
            await using var server = await ServerProcess.StartAsync(Path.GetTempPath(), new Dictionary<string, string> { ["ASPNETCORE_CONTENTROOT"] = root });

            var file = await server.CreateClient().GetAsync("/static/operator.txt");

            Assert.Equal("the operator's file", await file.Content.ReadAsStringAsync());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}

using System.Net;
using KissChat.Kernel.Files;
using KissChat.Tests.Characters;
using KissChat.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Tests.Users;

/// <summary>The daily sweep removes stored avatars that no row points at, once they are past their grace, and nothing else.</summary>
public abstract class AvatarSweepTests(KissChatServer server)
{
    [Fact]
    public async Task OldFilesNoRowPointsAtGoWhileUsedAndRecentOnesStay()
    {
        var user = await TestUser.SignUpAsync(server);
        var characterId = await CharacterApi.CreateIdAsync(user, new { name = "Painted", greeting = "Hello." });
        var profileAvatar = await AvatarUrlAsync(await user.Client.PostAsync("/api/v1/user/avatar", TestImages.Form(TestImages.Png)));
        var characterAvatar = await AvatarUrlAsync(await user.Client.PostAsync($"/api/v1/character/{characterId}/avatar", TestImages.Form(TestImages.Jpeg)));
        var directory = Path.Combine(server.DataDirectory, "avatars");
        // As left by a crash after saving an upload, or by an upload committed while its account was being deleted.
        var orphan = CopyAs(directory, TestImages.FileName(profileAvatar), "0123456789abcdef0123456789abcdef.png");
        var recentOrphan = CopyAs(directory, TestImages.FileName(profileAvatar), "fedcba9876543210fedcba9876543210.png");
        var halfWritten = Path.Combine(directory, "00112233445566778899aabbccddeeff.png.partial");
        await File.WriteAllBytesAsync(halfWritten, [1, 2, 3]);
        var old = DateTime.UtcNow - SweepUnreferencedAvatars.Grace - TimeSpan.FromMinutes(5);
        foreach (var file in Directory.GetFiles(directory).Where(f => !f.Contains(recentOrphan, StringComparison.Ordinal)))
        {
            File.SetLastWriteTimeUtc(file, old);
        }

        await using (var scope = server.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<SweepUnreferencedAvatars>().Invoke();
        }

        var stored = TestImages.StoredFiles(server.DataDirectory);
        Assert.DoesNotContain(orphan, stored);
        Assert.DoesNotContain(orphan.Replace(".png", ".thumb.png", StringComparison.Ordinal), stored);
        Assert.DoesNotContain(Path.GetFileName(halfWritten), stored);
        Assert.Contains(recentOrphan, stored);
        Assert.Contains(TestImages.FileName(profileAvatar), stored);
        Assert.Contains(TestImages.FileName(characterAvatar), stored);
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync(profileAvatar)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync(characterAvatar)).StatusCode);
    }

    private static async Task<string> AvatarUrlAsync(HttpResponseMessage response) =>
        (await response.AssertOkJsonAsync()).GetProperty("data").GetProperty("avatar_url").GetString()!;

    /// <summary>A stored avatar and its thumbnail under another name, as the store would have written them.</summary>
    private static string CopyAs(string directory, string name, string newName)
    {
        File.Copy(Path.Combine(directory, name), Path.Combine(directory, newName));
        File.Copy(Path.Combine(directory, name.Replace(".png", ".thumb.png", StringComparison.Ordinal)), Path.Combine(directory, newName.Replace(".png", ".thumb.png", StringComparison.Ordinal)));
        return newName;
    }
}

public sealed class AvatarSweepTestsOnSqlite(SqliteServer server) : AvatarSweepTests(server), IClassFixture<SqliteServer>;

public sealed class AvatarSweepTestsOnPostgres(PostgresServer server) : AvatarSweepTests(server), IClassFixture<PostgresServer>;

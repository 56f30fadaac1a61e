using System.Net;
using System.Net.Http.Json;
using KissChat.Kernel.Database;
using KissChat.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Tests.Characters;

/// <summary>
/// An upload racing another change of the same avatar leaves no file that no row points at: a change (or delete) that read
/// the avatar before the upload replaced it is written only over the avatar it read, so it loses with a 409; an account's
/// delete removes what its rows point at when it deletes them. Staged on SQLite, whose writers take turns (the
/// <see cref="WriteGate"/>): the test holds the turn while the upload stores its file and queues to point its row at it,
/// and the change reads the row and queues behind it.
/// </summary>
public sealed class AvatarRaceTests(SqliteServer server) : IClassFixture<SqliteServer>
{
    private const string ElsewhereUrl = "https://cdn.example.com/elsewhere.png";

    [Fact]
    public async Task ACharactersAvatarChangedWhileAnUploadReplacedItIsAConflictAndTheUploadStays()
    {
        var owner = await TestUser.SignUpAsync(server);
        var id = await CharacterApi.CreateIdAsync(owner, new { name = "Mira" });
        await UploadAsync(owner, id);
        var before = TestImages.StoredFiles(server.DataDirectory);

        var (upload, change) = await RaceAsync(() => UploadAsync(owner, id), () => CharacterApi.PatchAsync(owner, id, $$"""{"avatar_url": "{{ElsewhereUrl}}"}"""));

        var uploaded = await AvatarOfAsync(upload);
        await change.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(uploaded, (await CharacterApi.GetAsync(owner, id)).GetProperty("avatar_url").GetString());
        AssertAddedFilesAreOnly(before, uploaded);
    }

    [Fact]
    public async Task ACharacterDeletedWhileAnUploadReplacedItsAvatarIsAConflictAndTheUploadStays()
    {
        var owner = await TestUser.SignUpAsync(server);
        var id = await CharacterApi.CreateIdAsync(owner, new { name = "Mira" });
        await UploadAsync(owner, id);
        var before = TestImages.StoredFiles(server.DataDirectory);

        var (upload, delete) = await RaceAsync(() => UploadAsync(owner, id), () => owner.Client.DeleteAsync($"/api/v1/character/delete/{id}"));

        var uploaded = await AvatarOfAsync(upload);
        await delete.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(uploaded, (await CharacterApi.GetAsync(owner, id)).GetProperty("avatar_url").GetString());
        AssertAddedFilesAreOnly(before, uploaded);
        await (await owner.Client.DeleteAsync($"/api/v1/character/delete/{id}")).AssertOkJsonAsync();
        AssertAddedFilesAreOnly(before, null);
    }

    [Fact]
    public async Task AProfilesAvatarChangedWhileAnUploadReplacedItIsAConflictAndTheUploadStays()
    {
        var user = await TestUser.SignUpAsync(server);
        await user.Client.PostAsync("/api/v1/user/avatar", TestImages.Form(TestImages.Png));
        var before = TestImages.StoredFiles(server.DataDirectory);

        var (upload, change) = await RaceAsync(
            () => user.Client.PostAsync("/api/v1/user/avatar", TestImages.Form(TestImages.Png)),
            () => user.Client.PutAsJsonAsync($"/api/v1/user/update/{user.Id}", new { avatar_url = ElsewhereUrl, status = "away" }));

        var uploaded = await AvatarOfAsync(upload);
        await change.AssertProblemAsync(HttpStatusCode.Conflict);
        var me = (await (await user.Client.GetAsync("/api/v1/auth/me")).AssertOkJsonAsync()).GetProperty("data");
        Assert.Equal(uploaded, me.GetProperty("avatar_url").GetString());
        AssertAddedFilesAreOnly(before, uploaded);
    }

    [Fact]
    public async Task AnAccountDeletedWhileAnUploadReplacedAnAvatarTakesTheUploadWithIt()
    {
        var owner = await TestUser.SignUpAsync(server);
        var id = await CharacterApi.CreateIdAsync(owner, new { name = "Mira" });
        await UploadAsync(owner, id);
        var before = TestImages.StoredFiles(server.DataDirectory);

        var (upload, delete) = await RaceAsync(() => UploadAsync(owner, id), () => owner.Client.DeleteAsync($"/api/v1/user/delete/{owner.Id}"));

        await AvatarOfAsync(upload);
        await delete.AssertOkJsonAsync();
        AssertAddedFilesAreOnly(before, null);
    }

    /// <summary>
    /// <paramref name="upload"/> stores its file and waits for the write turn to point its row at it; then
    /// <paramref name="change"/> reads the row, still with the old avatar, and waits behind it. Both go when the turn is let go.
    /// </summary>
    private async Task<(HttpResponseMessage Upload, HttpResponseMessage Change)> RaceAsync(
        Func<Task<HttpResponseMessage>> upload, Func<Task<HttpResponseMessage>> change)
    {
        var stored = TestImages.StoredFiles(server.DataDirectory).Length;
        Task<HttpResponseMessage> uploading;
        Task<HttpResponseMessage> changing;
        var gate = server.Services.GetRequiredService<WriteGate>();
        using (await gate.EnterAsync(CancellationToken.None))
        {
            uploading = upload();
            // The image and its thumbnail stored, and the upload in the queue for the turn.
            await Eventually.ValueAsync(() => Task.FromResult(TestImages.StoredFiles(server.DataDirectory).Length), count => count == stored + 2);
            await Eventually.ValueAsync(() => Task.FromResult(gate.Waiting), waiting => waiting == 1);
            changing = change();
            // The change has read its row and queues behind the upload.
            await Eventually.ValueAsync(() => Task.FromResult(gate.Waiting), waiting => waiting == 2);
            Assert.False(uploading.IsCompleted);
            Assert.False(changing.IsCompleted);
        }

        return (await uploading, await changing);
    }

    private static Task<HttpResponseMessage> UploadAsync(TestUser owner, Guid id) =>
        owner.Client.PostAsync($"/api/v1/character/{id}/avatar", TestImages.Form(TestImages.Png));

    private static async Task<string> AvatarOfAsync(HttpResponseMessage upload) =>
        (await upload.AssertOkJsonAsync()).GetProperty("data").GetProperty("avatar_url").GetString()!;

    /// <summary>The files stored since <paramref name="before"/> are <paramref name="avatarUrl"/>'s and its thumbnail (none when null).</summary>
    private void AssertAddedFilesAreOnly(string[] before, string? avatarUrl)
    {
        var added = TestImages.StoredFiles(server.DataDirectory).Except(before).ToList();
        if (avatarUrl is null)
        {
            Assert.Empty(added);
            return;
        }

        var name = Path.GetFileNameWithoutExtension(TestImages.FileName(avatarUrl));
        Assert.Equal(2, added.Count);
        Assert.All(added, file => Assert.StartsWith(name + ".", file, StringComparison.Ordinal));
    }
}

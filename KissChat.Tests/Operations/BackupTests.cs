using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using KissChat.Tests.Characters;
using KissChat.Tests.Chats;
using KissChat.Tests.Fakes;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Operations;

/// <summary>A server on a data folder that a restore filled.</summary>
public sealed class RestoredServer(string dataDirectory) : ChatServer(TestDatabase.Sqlite)
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [.. base.Settings(), new("DATA_DIR", dataDirectory)];
}

/// <summary><c>dotnet KissChat.Web.dll backup|restore &lt;file&gt;</c>, run as the operator runs them, beside a live server.</summary>
public sealed class BackupTests(SqliteChatServer server) : IClassFixture<SqliteChatServer>
{
    [Fact]
    public async Task ABackupTakenWhileAReplyStreamsRestoresIntoAnEmptyFolderAndAServerRunsOnIt()
    {
        var user = await TestUser.SignUpAsync(server);
        var avatar = (await (await user.Client.PostAsync("/api/v1/user/avatar", TestImages.Form(TestImages.Png))).AssertOkJsonAsync())
            .GetProperty("data").GetProperty("avatar_url").GetString()!;
        // Avatars are stored re-encoded: the restored copy must serve exactly what the original served.
        var avatarBytes = await user.Client.GetByteArrayAsync(avatar);
        var chatId = await ChatScenario.NewChatAsync(user);
        await ChatScenario.SendAndReadAsync(user, chatId, "Before the backup");
        var release = new TaskCompletionSource();
        server.ModelServer.Enqueue(ModelScript.Stream(["still ", "streaming"], hold: new StreamHold(1, release.Task)));
        using var running = await ChatScenario.SendAsync(user, chatId, "During the backup");
        var runningJob = ChatScenario.JobId(await Sse.ReadAsync(running).Take(3).ToListAsync());
        var backup = Path.Combine(Directory.CreateTempSubdirectory("kisschat-backup-").FullName, "kisschat.zip");

        var backedUp = await ServerProcess.RunCommandAsync(new Dictionary<string, string> { ["DATA_DIR"] = server.DataDirectory }, "backup", backup);
        release.SetResult();
        await ChatScenario.WaitForJobAsync(user, runningJob);
        var folder = Directory.CreateTempSubdirectory("kisschat-restored-").FullName;
        var restoredInto = new Dictionary<string, string> { ["DATA_DIR"] = folder };
        var restored = await ServerProcess.RunCommandAsync(restoredInto, "restore", backup);
        var again = await ServerProcess.RunCommandAsync(restoredInto, "restore", backup);

        Assert.True(backedUp.ExitCode == 0, backedUp.Output);
        Assert.True(restored.ExitCode == 0, restored.Output);
        if (!OperatingSystem.IsWindows())
        {
            // It holds the password hashes and the signing key.
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(backup));
        }

        Assert.Equal(1, again.ExitCode);
        Assert.Contains("is not empty", again.Output, StringComparison.Ordinal);
        var restoredServer = new RestoredServer(folder);
        await restoredServer.InitializeAsync();
        try
        {
            var client = restoredServer.CreateClient();
            await (await client.PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = user.Password, method = "email" })).AssertOkJsonAsync();
            var messages = await (await client.GetAsync($"/api/v1/chat/{chatId}/messages")).AssertOkJsonAsync();
            Assert.Contains("Before the backup", messages.GetRawText(), StringComparison.Ordinal);
            Assert.Contains("Hello from the fake model.", messages.GetRawText(), StringComparison.Ordinal);
            // The reply that was streaming belonged to a server that is not running on this copy: it is ended at start-up.
            var job = await (await client.GetAsync($"/api/v1/job/status/{runningJob}")).AssertOkJsonAsync();
            Assert.Equal("failed", job.GetProperty("status").GetString());
            Assert.Equal(avatarBytes, await client.GetByteArrayAsync(avatar));
            var reply = await ChatScenario.SendAndReadAsync(user with { Client = client }, chatId, "After the restore");
            Assert.Equal("completed", reply[^2].Status);
        }
        finally
        {
            await restoredServer.DisposeAsync();
            Directory.Delete(Path.GetDirectoryName(backup)!, recursive: true);
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task AFileThatIsNotABackupIsRefusedAndLeavesTheFolderEmpty()
    {
        var scratch = Directory.CreateTempSubdirectory("kisschat-backup-").FullName;
        var notABackup = Path.Combine(scratch, "photos.zip");
        using (var zip = ZipFile.Open(notABackup, ZipArchiveMode.Create))
        {
            zip.CreateEntry("holiday.jpg");
        }

        var folder = Path.Combine(scratch, "data");
        var result = await ServerProcess.RunCommandAsync(new Dictionary<string, string> { ["DATA_DIR"] = folder }, "restore", notABackup);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is not a KissChat backup", result.Output, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
        Directory.Delete(scratch, recursive: true);
    }

    [Fact]
    public async Task ARestoreRefusedForAFolderThatIsNotEmptyLeavesItAsItWas()
    {
        var scratch = Directory.CreateTempSubdirectory("kisschat-backup-").FullName;
        var folder = Directory.CreateDirectory(Path.Combine(scratch, "data")).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "notes.txt"), "mine");
        var backup = Path.Combine(scratch, "backup.zip");
        await File.WriteAllTextAsync(backup, "not looked at");

        var result = await ServerProcess.RunCommandAsync(new Dictionary<string, string> { ["DATA_DIR"] = folder }, "restore", backup);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is not empty", result.Output, StringComparison.Ordinal);
        Assert.Equal([Path.Combine(folder, "notes.txt")], Directory.EnumerateFileSystemEntries(folder));
        Directory.Delete(scratch, recursive: true);
    }

    [Fact]
    public async Task NothingIsRestoredIntoTheFolderOfARunningServer()
    {
        var user = await TestUser.SignUpAsync(server);
        var backup = Path.Combine(Directory.CreateTempSubdirectory("kisschat-backup-").FullName, "kisschat.zip");
        Assert.Equal(0, (await ServerProcess.RunCommandAsync(new Dictionary<string, string> { ["DATA_DIR"] = server.DataDirectory }, "backup", backup)).ExitCode);
        var before = Directory.EnumerateFileSystemEntries(server.DataDirectory).Order().ToList();

        var result = await ServerProcess.RunCommandAsync(new Dictionary<string, string> { ["DATA_DIR"] = server.DataDirectory }, "restore", backup);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("A KissChat server is running on the data folder", result.Output, StringComparison.Ordinal);
        Assert.Equal(before, Directory.EnumerateFileSystemEntries(server.DataDirectory).Order().ToList());
        await (await user.Client.GetAsync("/api/v1/auth/me")).AssertOkJsonAsync();
        Directory.Delete(Path.GetDirectoryName(backup)!, recursive: true);
    }

    [Fact]
    public async Task OnPostgresTheBackupCommandPointsAtPgDump()
    {
        var scratch = Directory.CreateTempSubdirectory("kisschat-backup-").FullName;
        var backup = Path.Combine(scratch, "never.zip");
        var result = await ServerProcess.RunCommandAsync(
            new Dictionary<string, string> { ["DATA_DIR"] = scratch, ["DATABASE_URL"] = "postgres://kisschat:secret@127.0.0.1:5432/kisschat" }, "backup", backup);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("pg_dump", result.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(backup));
        Directory.Delete(scratch, recursive: true);
    }

    [Fact]
    public async Task ACommandWithoutAFileExplainsItsUsage()
    {
        var result = await ServerProcess.RunCommandAsync(new Dictionary<string, string>(), "backup");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Usage: dotnet KissChat.Web.dll backup|restore <file>", result.Output, StringComparison.Ordinal);
    }
}

using System.Diagnostics;
using Npgsql;

namespace KissChat.Tests.Infrastructure;

public sealed class PostgresClusterTests
{
    [Fact]
    public async Task AClusterLeftRunningByATestRunThatIsGoneIsStoppedAndRemoved()
    {
        var live = await PostgresCluster.SharedAsync();
        var abandoned = await PostgresCluster.StartAsync(await GoneOwnerAsync());
        await AnswerAsync(abandoned);
        // Set up long ago, as far as the sweep can tell (it leaves alone what was changed in the last minute).
        Directory.SetLastWriteTimeUtc(abandoned.Folder, DateTime.UtcNow.AddMinutes(-5));

        await PostgresCluster.RemoveAbandonedAsync();

        Assert.False(Directory.Exists(abandoned.Folder));
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => AnswerAsync(abandoned));
        Assert.True(Directory.Exists(live.Folder));
        await AnswerAsync(live);
    }

    /// <summary>The owner of a cluster whose test host has exited: a process that ran and is gone.</summary>
    private static async Task<ClusterOwner> GoneOwnerAsync()
    {
        using var process = Process.Start("true");
        await process.WaitForExitAsync();
        return new ClusterOwner(process.Id, DateTime.UtcNow);
    }

    private static async Task AnswerAsync(PostgresCluster cluster)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString("postgres") + ";Pooling=false;Timeout=5");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        Assert.Equal(1, await command.ExecuteScalarAsync());
    }
}

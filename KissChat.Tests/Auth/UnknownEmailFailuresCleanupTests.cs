using System.Net.Http.Json;
using KissChat.Auth.Data;
using KissChat.Auth.LogIn;
using KissChat.Kernel.Database;
using KissChat.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Tests.Auth;

/// <summary>The hourly sweep deletes unknown emails' counts once nothing in them can matter, and only those.</summary>
public abstract class UnknownEmailFailuresCleanupTests(KissChatServer server)
{
    [Fact]
    public async Task CountsPastTheWindowWithNoLockLeftAreDeletedWhileCountingAndLockedOnesStay()
    {
        await using var scope = server.Services.CreateAsyncScope();
        var window = scope.ServiceProvider.GetRequiredService<AccountLockoutWindow>().Length;
        var longAgo = DateTime.UtcNow - window - TimeSpan.FromMinutes(1);
        var ended = Failures(longAgo, lockedUntil: null);
        var lockEnded = Failures(longAgo, lockedUntil: DateTime.UtcNow.AddMinutes(-1));
        var counting = Failures(DateTime.UtcNow.AddMinutes(-1), lockedUntil: null);
        var locked = Failures(longAgo, lockedUntil: DateTime.UtcNow.AddMinutes(5));
        var db = scope.ServiceProvider.GetRequiredService<KissChatDbContext>();
        db.AddRange(ended, lockEnded, counting, locked);
        await db.SaveChangesAsync();

        await scope.ServiceProvider.GetRequiredService<DeleteEndedUnknownEmailFailures>().Invoke();

        string[] ours = [ended.EmailHash, lockEnded.EmailHash, counting.EmailHash, locked.EmailHash];
        var left = await db.Set<UnknownEmailFailures>().AsNoTracking().Where(f => ours.Contains(f.EmailHash)).Select(f => f.EmailHash).ToListAsync();
        Assert.Equal(new[] { counting.EmailHash, locked.EmailHash }.Order(), left.Order());
    }

    /// <summary>A plain hash of an email is found again by hashing a list of emails: the count is kept under one keyed by the server's secret.</summary>
    [Fact]
    public async Task AnUnknownEmailIsCountedUnderAKeyedHashNotItsPlainOne()
    {
        var email = $"nobody-{Guid.NewGuid():N}@example.com";
        var answer = await server.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email, password = "a wrong guess", method = "email" });
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, answer.StatusCode);

        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KissChatDbContext>();
        var counted = await scope.ServiceProvider.GetRequiredService<UnknownEmails>().FindAsync(email, CancellationToken.None);
        var plain = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(email)));
        Assert.Equal(1, counted.Failures);
        Assert.NotEqual(plain, counted.EmailHash);
        Assert.False(await db.Set<UnknownEmailFailures>().AnyAsync(f => f.EmailHash == plain));
    }

    private static UnknownEmailFailures Failures(DateTime lastFailure, DateTime? lockedUntil) => new()
    {
        EmailHash = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        Failures = lockedUntil is null ? 3 : 0,
        Since = lockedUntil is null ? lastFailure.AddMinutes(-10) : null,
        LastFailure = lockedUntil is null ? lastFailure : null,
        LockedUntil = lockedUntil,
    };
}

public sealed class UnknownEmailFailuresCleanupTestsOnSqlite(SqliteServer server) : UnknownEmailFailuresCleanupTests(server), IClassFixture<SqliteServer>;

public sealed class UnknownEmailFailuresCleanupTestsOnPostgres(PostgresServer server) : UnknownEmailFailuresCleanupTests(server), IClassFixture<PostgresServer>;

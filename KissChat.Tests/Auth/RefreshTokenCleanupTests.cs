using KissChat.Auth.Data;
using KissChat.Auth.Tokens;
using KissChat.Kernel.Database;
using KissChat.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Tests.Auth;

/// <summary>The daily cleanup deletes refresh tokens that can do nothing any more, and only those.</summary>
public abstract class RefreshTokenCleanupTests(KissChatServer server)
{
    [Fact]
    public async Task ExpiredAndLongRevokedTokensAreDeletedWhileLiveAndRotatedOnesStay()
    {
        var user = await TestUser.SignUpAsync(server);
        var now = DateTime.UtcNow;
        var expired = Token(user.Id, expiresAt: now.AddMinutes(-1));
        var longRevoked = Token(user.Id, revokedAt: now - DeleteEndedRefreshTokens.KeepRevoked - TimeSpan.FromMinutes(1));
        var justRevoked = Token(user.Id, revokedAt: now.AddMinutes(-5));
        var rotated = Token(user.Id, rotatedAt: now.AddDays(-3));
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KissChatDbContext>();
        db.AddRange(expired, longRevoked, justRevoked, rotated);
        await db.SaveChangesAsync();

        await scope.ServiceProvider.GetRequiredService<DeleteEndedRefreshTokens>().Invoke();

        var left = await db.Set<RefreshToken>().AsNoTracking().Where(t => t.UserId == user.Id).Select(t => t.Id).ToListAsync();
        Assert.DoesNotContain(expired.Id, left);
        Assert.DoesNotContain(longRevoked.Id, left);
        Assert.Contains(justRevoked.Id, left);
        Assert.Contains(rotated.Id, left);
        Assert.Equal(3, left.Count);
        await (await user.Client.GetAsync("/api/v1/auth/me")).AssertOkJsonAsync();
    }

    private static RefreshToken Token(Guid userId, DateTime? expiresAt = null, DateTime? revokedAt = null, DateTime? rotatedAt = null) => new()
    {
        Id = Guid.CreateVersion7(),
        UserId = userId,
        FamilyId = Guid.CreateVersion7(),
        TokenHash = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        CreatedAt = DateTime.UtcNow.AddDays(-8),
        ExpiresAt = expiresAt ?? DateTime.UtcNow.AddDays(1),
        RevokedAt = revokedAt,
        RotatedAt = rotatedAt,
    };
}

public sealed class RefreshTokenCleanupTestsOnSqlite(SqliteServer server) : RefreshTokenCleanupTests(server), IClassFixture<SqliteServer>;

public sealed class RefreshTokenCleanupTestsOnPostgres(PostgresServer server) : RefreshTokenCleanupTests(server), IClassFixture<PostgresServer>;

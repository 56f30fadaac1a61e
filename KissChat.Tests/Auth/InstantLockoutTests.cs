using System.Net;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Auth;

/// <summary>Auth:LockoutMinutes 0: a lock lifts at once.</summary>
public sealed class InstantLockoutServer : ProxiedLockoutServer
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [.. base.Settings(), new("Auth:LockoutMinutes", "0")];
}

public sealed class InstantLockoutTests(InstantLockoutServer server) : IClassFixture<InstantLockoutServer>
{
    [Fact]
    public async Task ALockOfNoTimeRefusesNothingAndAnUnknownEmailAnswersAsAnAccountDoes()
    {
        var user = await TestUser.SignUpAsync(server);

        var known = await server.GuessFromManyAddressesAsync(user.Email, ProxiedLockoutServer.AccountLockoutFailures + 1);
        var unknown = await server.GuessFromManyAddressesAsync($"nobody-{Guid.NewGuid():N}@example.com", ProxiedLockoutServer.AccountLockoutFailures + 1);

        Assert.All(known, answer => Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode));
        Assert.Equal(await ProxiedLockoutServer.AnswersAsync(known), await ProxiedLockoutServer.AnswersAsync(unknown));
    }
}

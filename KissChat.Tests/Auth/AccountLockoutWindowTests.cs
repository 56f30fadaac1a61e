using System.Net;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Auth;

/// <summary>The account-wide count of wrong passwords covers a window of a second and a half.</summary>
public sealed class ShortLockoutWindowServer : ProxiedLockoutServer
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(1.5);

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [.. base.Settings(), new("Auth:AccountLockoutWindowMinutes", Window.TotalMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture))];
}

/// <summary>
/// Wrong passwords older than Auth:AccountLockoutWindowMinutes no longer count towards the account's lockout: otherwise
/// guessing spread over weeks, or the owner's own slips, would in the end lock the owner out.
/// </summary>
public sealed class AccountLockoutWindowTests(ShortLockoutWindowServer server) : IClassFixture<ShortLockoutWindowServer>
{
    private const int JustShort = ProxiedLockoutServer.AccountLockoutFailures - 1;

    [Fact]
    public async Task FailuresOlderThanTheWindowNoLongerLockTheAccountNorAnUnknownEmail()
    {
        var user = await TestUser.SignUpAsync(server);
        var unknownEmail = $"nobody-{Guid.NewGuid():N}@example.com";

        var knownBefore = await server.GuessFromManyAddressesAsync(user.Email, JustShort);
        var unknownBefore = await server.GuessFromManyAddressesAsync(unknownEmail, JustShort);
        await Task.Delay(ShortLockoutWindowServer.Window + TimeSpan.FromSeconds(0.5));
        var knownAfter = await server.GuessFromManyAddressesAsync(user.Email, JustShort);
        var unknownAfter = await server.GuessFromManyAddressesAsync(unknownEmail, JustShort);
        var owner = await server.LogInAsync(user.Email, user.Password, ProxiedLockoutServer.NewAddress());

        Assert.All(knownBefore.Concat(unknownBefore).Concat(knownAfter).Concat(unknownAfter), answer => Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode));
        await owner.AssertOkJsonAsync();
    }
}

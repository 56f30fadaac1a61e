using System.Globalization;
using System.Net;
using KissChat.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Tests.Auth;

/// <summary>
/// The account-wide count of wrong passwords covers a window of an hour, on a clock the tests move past it: no test waits
/// for it, and a limit's guesses fit in it however busy the machine.
/// </summary>
public sealed class LockoutWindowServer : ProxiedLockoutServer
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    public ShiftedClock Clock { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [.. base.Settings(), new("Auth:AccountLockoutWindowMinutes", Window.TotalMinutes.ToString(CultureInfo.InvariantCulture))];

    protected override void ReplaceServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);
}

/// <summary>
/// Wrong passwords older than Auth:AccountLockoutWindowMinutes no longer count towards the account's lockout: otherwise
/// guessing spread over weeks, or the owner's own slips, would in the end lock the owner out.
/// </summary>
public sealed class AccountLockoutWindowTests(LockoutWindowServer server) : IClassFixture<LockoutWindowServer>
{
    private const int JustShort = ProxiedLockoutServer.AccountLockoutFailures - 1;

    [Fact]
    public async Task FailuresOlderThanTheWindowNoLongerLockTheAccountNorAnUnknownEmail()
    {
        var user = await TestUser.SignUpAsync(server);
        var unknownEmail = $"nobody-{Guid.NewGuid():N}@example.com";

        var knownBefore = await server.GuessFromManyAddressesAsync(user.Email, JustShort);
        var unknownBefore = await server.GuessFromManyAddressesAsync(unknownEmail, JustShort);
        server.Clock.Advance(LockoutWindowServer.Window + TimeSpan.FromSeconds(0.5));
        var knownAfter = await server.GuessFromManyAddressesAsync(user.Email, JustShort);
        var unknownAfter = await server.GuessFromManyAddressesAsync(unknownEmail, JustShort);
        var owner = await server.LogInAsync(user.Email, user.Password, ProxiedLockoutServer.NewAddress());

        Assert.All(knownBefore.Concat(unknownBefore).Concat(knownAfter).Concat(unknownAfter), answer => Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode));
        await owner.AssertOkJsonAsync();
    }

    [Fact]
    public async Task FailuresJustBeforeTheWindowsEndStillCountJustAfterItForTheAccountAndAnUnknownEmailAlike()
    {
        var user = await TestUser.SignUpAsync(server);

        // One after the other: each moves the clock past its own window's end.
        List<HttpResponseMessage>[] answers =
            [await GuessAcrossTheWindowsEndAsync(user.Email), await GuessAcrossTheWindowsEndAsync($"nobody-{Guid.NewGuid():N}@example.com")];

        // The limit's eighth guess locks, though it came after the window that the first seven began.
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, JustShort), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, JustShort)], answers[0].Select(r => r.StatusCode));
        Assert.Equal(await ProxiedLockoutServer.AnswersAsync(answers[0]), await ProxiedLockoutServer.AnswersAsync(answers[1]));
    }

    /// <summary>One short of the limit within the window that the first of them begins, then as many again just after it.</summary>
    private async Task<List<HttpResponseMessage>> GuessAcrossTheWindowsEndAsync(string email)
    {
        var before = await server.GuessFromManyAddressesAsync(email, 1);
        var windowEnds = server.Clock.GetUtcNow() + LockoutWindowServer.Window;
        before.AddRange(await server.GuessFromManyAddressesAsync(email, JustShort - 1));
        Assert.True(server.Clock.GetUtcNow() < windowEnds, "The guesses before the window's end took longer than the window.");
        server.Clock.Advance(windowEnds + TimeSpan.FromSeconds(0.1) - server.Clock.GetUtcNow());
        return [.. before, .. await server.GuessFromManyAddressesAsync(email, JustShort)];
    }
}

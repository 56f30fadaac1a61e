using System.Net;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Auth;

/// <summary>
/// Wrong passwords lock out the address they come from, not the account: anyone could otherwise keep its owner out for
/// ever. Guessing spread over many addresses still meets a lockout of the account.
/// </summary>
public sealed class LoginLockoutTests(ProxiedLockoutServer server) : IClassFixture<ProxiedLockoutServer>
{
    private const int LockoutFailures = ProxiedLockoutServer.LockoutFailures;

    [Fact]
    public async Task FiveWrongPasswordsLockOutTheGuessersAddressButNotTheOwner()
    {
        var user = await TestUser.SignUpAsync(server);
        var guesser = ProxiedLockoutServer.NewAddress();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < LockoutFailures; i++)
        {
            statuses.Add((await server.LogInAsync(user.Email, $"wrong guess {i}", guesser)).StatusCode);
        }

        var owner = await server.LogInAsync(user.Email, user.Password, ProxiedLockoutServer.NewAddress());
        var guesserWithTheRightPassword = await server.LogInAsync(user.Email, user.Password, guesser);

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, LockoutFailures - 1), HttpStatusCode.TooManyRequests], statuses);
        await owner.AssertOkJsonAsync();
        await guesserWithTheRightPassword.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.InRange(guesserWithTheRightPassword.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 290, 300);
    }

    [Fact]
    public async Task GuessesFromManyAddressesLockTheAccountAndAnUnknownEmailAnswersTheSame()
    {
        var user = await TestUser.SignUpAsync(server);

        // Each address one guess short of its own lockout; the eighth guess is the account's last, the ninth meets its lock.
        var known = await server.GuessFromManyAddressesAsync(user.Email, ProxiedLockoutServer.AccountLockoutFailures + 1);
        var unknown = await server.GuessFromManyAddressesAsync($"nobody-{Guid.NewGuid():N}@example.com", ProxiedLockoutServer.AccountLockoutFailures + 1);
        var owner = await server.LogInAsync(user.Email, user.Password, ProxiedLockoutServer.NewAddress());

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, ProxiedLockoutServer.AccountLockoutFailures - 1), HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], known.Select(r => r.StatusCode));
        // Nor can a guesser tell the two apart by a Retry-After or a body.
        Assert.Equal(await ProxiedLockoutServer.AnswersAsync(known), await ProxiedLockoutServer.AnswersAsync(unknown));
        await owner.AssertProblemAsync(HttpStatusCode.TooManyRequests);
    }
}

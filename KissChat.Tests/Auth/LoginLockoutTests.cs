using System.Net;
using System.Net.Http.Json;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Auth;

/// <summary>Each test request names its client address in X-Forwarded-For, so a guesser and the owner can be told apart.</summary>
public sealed class ProxiedLockoutServer() : KissChatServer(TestDatabase.Sqlite)
{
    public const int AccountLockoutFailures = 8;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("TRUST_PROXY", "true"),
        new("Auth:AccountLockoutFailures", AccountLockoutFailures.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ];
}

/// <summary>
/// Wrong passwords lock out the address they come from, not the account: anyone could otherwise keep its owner out for
/// ever. Guessing spread over many addresses still meets a lockout of the account.
/// </summary>
public sealed class LoginLockoutTests(ProxiedLockoutServer server) : IClassFixture<ProxiedLockoutServer>
{
    // Auth:LockoutFailures keeps its default.
    private const int LockoutFailures = 5;

    private static int addresses;

    [Fact]
    public async Task FiveWrongPasswordsLockOutTheGuessersAddressButNotTheOwner()
    {
        var user = await TestUser.SignUpAsync(server);
        var guesser = NewAddress();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < LockoutFailures; i++)
        {
            statuses.Add((await LogInAsync(user.Email, $"wrong guess {i}", guesser)).StatusCode);
        }

        var owner = await LogInAsync(user.Email, user.Password, NewAddress());
        var guesserWithTheRightPassword = await LogInAsync(user.Email, user.Password, guesser);

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, LockoutFailures - 1), HttpStatusCode.TooManyRequests], statuses);
        await owner.AssertOkJsonAsync();
        await guesserWithTheRightPassword.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.InRange(guesserWithTheRightPassword.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 290, 300);
    }

    [Fact]
    public async Task GuessesFromManyAddressesLockTheAccountAndAnUnknownEmailAnswersTheSame()
    {
        var user = await TestUser.SignUpAsync(server);

        var known = await GuessFromManyAddressesAsync(user.Email);
        var unknown = await GuessFromManyAddressesAsync($"nobody-{Guid.NewGuid():N}@example.com");
        var owner = await LogInAsync(user.Email, user.Password, NewAddress());

        // Two addresses, each one guess short of its own lockout, make the account's eight; then everyone waits.
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, ProxiedLockoutServer.AccountLockoutFailures - 1), HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], known);
        Assert.Equal(known, unknown);
        await owner.AssertProblemAsync(HttpStatusCode.TooManyRequests);
    }

    private async Task<List<HttpStatusCode>> GuessFromManyAddressesAsync(string email)
    {
        var statuses = new List<HttpStatusCode>();
        foreach (var address in new[] { NewAddress(), NewAddress() })
        {
            for (var i = 0; i < LockoutFailures - 1; i++)
            {
                statuses.Add((await LogInAsync(email, $"wrong guess {i}", address)).StatusCode);
            }
        }

        statuses.Add((await LogInAsync(email, "one more guess", NewAddress())).StatusCode);
        return statuses;
    }

    private Task<HttpResponseMessage> LogInAsync(string email, string password, string clientAddress)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login") { Content = JsonContent.Create(new { email, password, method = "email" }) };
        request.Headers.Add("X-Forwarded-For", clientAddress);
        return server.CreateClient().SendAsync(request);
    }

    private static string NewAddress()
    {
        var n = Interlocked.Increment(ref addresses);
        return $"10.9.{n / 256}.{n % 256}";
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using KissChat.Tests.Infrastructure;
using Xunit.Abstractions;

namespace KissChat.Tests.Auth;

/// <summary>Login must not tell whether an email has an account: not by its answer, its time, or its lockout.</summary>
public abstract class LoginEnumerationTests(KissChatServer server, ITestOutputHelper output)
{
    // Auth:LockoutFailures keeps its default: the fifth wrong password in a row locks an account.
    private const int LockoutFailures = 5;

    [Fact]
    public async Task AnUnknownEmailTakesAsLongToRefuseAsAWrongPassword()
    {
        const int tries = 16;
        const int triesPerAccount = LockoutFailures - 1;
        var accounts = await Task.WhenAll(Enumerable.Range(0, (tries / triesPerAccount) + 1).Select(_ => TestUser.SignUpAsync(server)));
        var client = new HttpClient { BaseAddress = server.BaseAddress };
        await TimeWrongLoginAsync(client, accounts[^1].Email);
        await TimeWrongLoginAsync(client, UnknownEmail());

        var known = new List<double>();
        var unknown = new List<double>();
        for (var i = 0; i < tries; i++)
        {
            known.Add(await TimeWrongLoginAsync(client, accounts[i / triesPerAccount].Email));
            unknown.Add(await TimeWrongLoginAsync(client, UnknownEmail()));
        }

        output.WriteLine($"{server.Database}: median ms over {tries} wrong logins: known email {Median(known):F1}, unknown email {Median(unknown):F1}");
        Assert.True(
            Median(unknown) >= Median(known) / 2,
            $"An unknown email was refused in {Median(unknown):F1} ms, a known one in {Median(known):F1} ms (medians of {tries}).");
    }

    [Fact]
    public async Task AnUnknownEmailIsLockedOutAfterAsManyFailuresAsAKnownOne()
    {
        var user = await TestUser.SignUpAsync(server);

        var known = await FailUntilLockedOutAsync(user.Email);
        var unknown = await FailUntilLockedOutAsync(UnknownEmail());

        Assert.Equal(LockoutFailures, known.Failures);
        Assert.Equal(known.Failures, unknown.Failures);
        Assert.InRange(known.RetryAfterSeconds, 290, 300);
        Assert.InRange(unknown.RetryAfterSeconds, 290, 300);
        var again = await server.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email = unknown.Email, password = "yet another guess", method = "email" });
        var problem = await again.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal("Too many failed logins for this account; try again later.", problem.GetProperty("error").GetString());
    }

    private async Task<Lockout> FailUntilLockedOutAsync(string email)
    {
        var client = server.CreateClient();
        for (var failures = 1; failures <= LockoutFailures * 2; failures++)
        {
            var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = $"wrong guess {failures}", method = "email" });
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                await response.AssertProblemAsync(HttpStatusCode.TooManyRequests);
                return new Lockout(email, failures, response.Headers.RetryAfter!.Delta!.Value.TotalSeconds);
            }

            await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        }

        Assert.Fail($"{email} was never locked out.");
        return null!;
    }

    private async Task<double> TimeWrongLoginAsync(HttpClient client, string email)
    {
        var clock = Stopwatch.StartNew();
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "not the password", method = "email" });
        var elapsed = clock.Elapsed.TotalMilliseconds;
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        return elapsed;
    }

    private static string UnknownEmail() => $"nobody-{Guid.NewGuid():N}@example.com";

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private sealed record Lockout(string Email, int Failures, double RetryAfterSeconds);
}

public sealed class LoginEnumerationTestsOnSqlite(SqliteServer server, ITestOutputHelper output)
    : LoginEnumerationTests(server, output), IClassFixture<SqliteServer>;

public sealed class LoginEnumerationTestsOnPostgres(PostgresServer server, ITestOutputHelper output)
    : LoginEnumerationTests(server, output), IClassFixture<PostgresServer>;

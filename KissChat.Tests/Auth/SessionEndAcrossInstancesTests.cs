using System.Diagnostics;
using System.Net;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Auth;

/// <summary>Two instances on one PostgreSQL database; the second checks sessions again after a second (Auth:SessionCheckSeconds).</summary>
public sealed class TwoInstancesOneSessionStore : IAsyncLifetime
{
    public KissChatServer First { get; } = new PostgresServer();

    public KissChatServer Second { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await First.InitializeAsync();
        Second = new SecondInstance(First.PostgresConnectionString);
        await Second.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Second.DisposeAsync();
        await First.DisposeAsync();
    }

    private sealed class SecondInstance(string connectionString) : KissChatServer(TestDatabase.Postgres)
    {
        protected override Task<string> PostgresDatabaseAsync() => Task.FromResult(connectionString);

        protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [new("Auth:SessionCheckSeconds", "1")];
    }
}

public sealed class SessionEndAcrossInstancesTests(TwoInstancesOneSessionStore instances) : IClassFixture<TwoInstancesOneSessionStore>
{
    [Fact]
    public async Task AnotherInstanceRefusesTheAccessTokenOfALoggedOutSessionWithinItsCheckInterval()
    {
        var user = await TestUser.SignUpAsync(instances.First);
        var onFirst = SessionEndTests.Bearer(instances.First, user.AccessToken);
        var onSecond = SessionEndTests.Bearer(instances.Second, user.AccessToken);
        await (await onSecond.GetAsync("/api/v1/auth/me")).AssertOkJsonAsync();

        await (await user.Client.PostAsync("/api/v1/auth/logout", null)).AssertOkJsonAsync();
        var loggedOut = Stopwatch.StartNew();

        await (await onFirst.GetAsync("/api/v1/auth/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        HttpStatusCode status;
        do
        {
            await Task.Delay(100);
            status = (await onSecond.GetAsync("/api/v1/auth/me")).StatusCode;
        }
        while (status == HttpStatusCode.OK && loggedOut.Elapsed < TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        // A one-second check interval, and room for a busy machine.
        Assert.InRange(loggedOut.Elapsed.TotalSeconds, 0, 3);
    }
}

using System.Net;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Auth;

/// <summary>Two KissChat instances on one PostgreSQL database, behind a proxy that names the client's address.</summary>
public sealed class TwoProxiedInstances : IAsyncLifetime
{
    public ProxiedLockoutServer First { get; } = new OnPostgres();

    public ProxiedLockoutServer Second { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await First.InitializeAsync();
        Second = new OnPostgres(First.PostgresConnectionString);
        await Second.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Second.DisposeAsync();
        await First.DisposeAsync();
    }

    private sealed class OnPostgres(string? sharedDatabase = null) : ProxiedLockoutServer(TestDatabase.Postgres)
    {
        protected override Task<string> PostgresDatabaseAsync() => sharedDatabase is null ? base.PostgresDatabaseAsync() : Task.FromResult(sharedDatabase);
    }
}

/// <summary>
/// Behind a round-robin balancer, an unknown email's guesses are counted together as an account's are: counted in each
/// instance's memory, it locked only after about twice as many guesses over two instances, which told it had no account.
/// </summary>
public sealed class UnknownEmailsAcrossInstancesTests(TwoProxiedInstances instances) : IClassFixture<TwoProxiedInstances>
{
    [Fact]
    public async Task AnUnknownEmailGuessedAtOverTwoInstancesLocksAfterAsManyGuessesAsAnAccount()
    {
        var user = await TestUser.SignUpAsync(instances.First);
        ProxiedLockoutServer[] both = [instances.First, instances.Second];

        var known = await ProxiedLockoutServer.GuessFromManyAddressesAsync(user.Email, ProxiedLockoutServer.AccountLockoutFailures + 1, both);
        var unknown = await ProxiedLockoutServer.GuessFromManyAddressesAsync($"nobody-{Guid.NewGuid():N}@example.com", ProxiedLockoutServer.AccountLockoutFailures + 1, both);

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, ProxiedLockoutServer.AccountLockoutFailures - 1), HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], known.Select(r => r.StatusCode));
        // Statuses only: two instances answer a second apart more often than one does, and so their Retry-Afters.
        Assert.Equal(known.Select(r => r.StatusCode), unknown.Select(r => r.StatusCode));
    }
}

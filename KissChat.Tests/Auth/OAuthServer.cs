using KissChat.Tests.Fakes;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Auth;

/// <summary>A KissChat server with Google and Discord configured against a fake provider of its own.</summary>
public class OAuthServer(TestDatabase database) : KissChatServer(database)
{
    public const string FrontendUrl = "http://frontend.test";

    public OAuthFakeProvider Provider { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Provider = await OAuthFakeProvider.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Provider.DisposeAsync();
    }

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [.. Provider.Settings(), new("FRONTEND_URL", $"{FrontendUrl}, http://other-frontend.test")];
}

public sealed class SqliteOAuthServer() : OAuthServer(TestDatabase.Sqlite);

public sealed class PostgresOAuthServer() : OAuthServer(TestDatabase.Postgres);

namespace KissChat.Tests.Infrastructure;

/// <summary>
/// Two KissChat instances on one PostgreSQL database, as a bigger deployment runs them. The second polls and
/// keeps alive only once a minute, so within the test's seconds only LISTEN/NOTIFY can bring it the frames; it checks
/// sessions again after a second (Auth:SessionCheckSeconds).
/// </summary>
public sealed class TwoInstances : IAsyncLifetime
{
    public ChatServer First { get; } = new PostgresChatServer();

    public ChatServer Second { get; private set; } = null!;

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

    public const string SecondApplicationName = SecondInstance.ApplicationName;

    private sealed class SecondInstance(string connectionString) : ChatServer(TestDatabase.Postgres)
    {
        /// <summary>Named, so that a test can cut its connections alone (<c>pg_stat_activity.application_name</c>).</summary>
        public const string ApplicationName = "kisschat-second";

        protected override Task<string> PostgresDatabaseAsync() => Task.FromResult($"{connectionString};Application Name={ApplicationName}");

        protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
            [.. base.Settings(), new("Jobs:PollIntervalMs", "60000"), new("Jobs:KeepAliveSeconds", "60"), new("Auth:SessionCheckSeconds", "1")];
    }
}

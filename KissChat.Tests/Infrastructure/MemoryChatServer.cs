namespace KissChat.Tests.Infrastructure;

/// <summary>
/// A chat server with memory on and a small context budget: about two turns of <see cref="Chats.MemoryTests"/>' messages fit,
/// a summary is queued once four messages it does not cover are left out, and failures are retried within a second or two.
/// One place for replies and one for summaries: a reply that had to wait for a summary's place would wait for all of it
/// (and a held summary fails for want of a first token only after 30 s).
/// </summary>
public class MemoryChatServer(TestDatabase database) : ChatServer(database)
{
    public const int MaxSummaryCharacters = 200;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        .. base.Settings(),
        new("Inference:ContextBudgetTokens", "600"),
        new("Memory:Enabled", "true"),
        new("Memory:MinNewMessages", "4"),
        new("Memory:MaxSummaryCharacters", MaxSummaryCharacters.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Memory:RetrySeconds", "1"),
        new("Memory:SweepSeconds", "1"),
        new("Jobs:Concurrency", "1"),
        new("Jobs:BackgroundConcurrency", "1"),
        new("Inference:FirstTokenTimeoutSeconds", "30"),
    ];
}

public sealed class SqliteMemoryChatServer() : MemoryChatServer(TestDatabase.Sqlite);

public sealed class PostgresMemoryChatServer() : MemoryChatServer(TestDatabase.Postgres);

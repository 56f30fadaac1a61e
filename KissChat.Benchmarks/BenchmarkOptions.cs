namespace KissChat.Benchmarks;

/// <summary>What to run. The defaults finish in well under two minutes on a 2-core machine.</summary>
internal sealed record BenchmarkOptions(
    IReadOnlyList<int> ChatLengths,
    int TurnsPerLength,
    int WarmupTurns,
    int Users,
    int MessagesPerUser,
    string? PostgresConnectionString,
    IReadOnlyDictionary<string, string> ServerSettings,
    IReadOnlyList<int> LoreEntries)
{
    public const string Usage = """
        Usage: dotnet run -c Release --project KissChat.Benchmarks -- [options]
               dotnet run -c Release --project KissChat.Benchmarks -- streams --help   (streaming under load)
               dotnet run -c Release --project KissChat.Benchmarks -- longchat [options]
                   (replies in a chat of the longest --lengths, 5000 by default, with memory on and off)
               dotnet run -c Release --project KissChat.Benchmarks -- lore [options]
                   (replies in chats with a world book of each of --entries: a lorebook, a card's book, a pinned card)

          --lengths 0,100,1000,5000   messages seeded into a chat before its measured turns
          --turns 20                  measured turns per chat length
          --warmup 5                  unmeasured turns first (JIT, connection pools)
          --users 20                  concurrency: users sending at the same moment
          --messages-per-user 5       concurrency: messages each user sends at once (one chat each)
          --entries 0,250,1000        lore: entries in each world book
          --postgres "<connection>"   use this PostgreSQL database (a throwaway one: the run adds rows)
                                      instead of a SQLite file in a temporary folder
          --set Key=Value             any extra server setting, e.g. --set Jobs:Concurrency=10 (repeatable)
        """;

    public static BenchmarkOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchmarkOptions([0, 100, 1000, 5000], 20, 5, 20, 5, null, new Dictionary<string, string>(), [0, 250, 1000]);
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var reader = new OptionReader(args);
        while (reader.MoveNext())
        {
            options = reader.Name switch
            {
                "--lengths" => options with { ChatLengths = reader.Counts(min: 0) },
                "--turns" => options with { TurnsPerLength = reader.Count(min: 1) },
                "--warmup" => options with { WarmupTurns = reader.Count(min: 0) },
                "--users" => options with { Users = reader.Count(min: 1) },
                "--messages-per-user" => options with { MessagesPerUser = reader.Count(min: 1) },
                "--entries" => options with { LoreEntries = reader.Counts(min: 0) },
                "--postgres" => options with { PostgresConnectionString = reader.Value() },
                "--set" => reader.AddSetting(options, settings),
                _ => throw reader.Unknown(),
            };
        }

        return options with { ServerSettings = settings };
    }
}

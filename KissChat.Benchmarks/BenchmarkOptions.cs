using System.Globalization;

namespace KissChat.Benchmarks;

/// <summary>What to run. The defaults finish in well under two minutes on a 2-core machine.</summary>
internal sealed record BenchmarkOptions(
    IReadOnlyList<int> ChatLengths,
    int TurnsPerLength,
    int WarmupTurns,
    int Users,
    int MessagesPerUser,
    string? PostgresConnectionString,
    IReadOnlyDictionary<string, string> ServerSettings)
{
    public const string Usage = """
        Usage: dotnet run -c Release --project KissChat.Benchmarks -- [options]

          --lengths 0,100,1000,5000   messages seeded into a chat before its measured turns
          --turns 20                  measured turns per chat length
          --warmup 5                  unmeasured turns first (JIT, connection pools)
          --users 20                  concurrency: users sending at the same moment
          --messages-per-user 5       concurrency: messages each user sends at once (one chat each)
          --postgres "<connection>"   use this PostgreSQL database (a throwaway one: the run adds rows)
                                      instead of a SQLite file in a temporary folder
          --set Key=Value             any extra server setting, e.g. --set Jobs:Concurrency=10 (repeatable)
        """;

    public static BenchmarkOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchmarkOptions([0, 100, 1000, 5000], 20, 5, 20, 5, null, new Dictionary<string, string>());
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Count; i++)
        {
            var (name, inlineValue) = args[i].Split('=', 2) is [var n, var v] && n.StartsWith("--", StringComparison.Ordinal) ? (n, v) : (args[i], null);
            string Value() => inlineValue ?? (++i < args.Count ? args[i] : throw new ArgumentException($"{name} needs a value."));
            options = name switch
            {
                "--lengths" => options with { ChatLengths = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => Count(name, v, min: 0)).ToList() },
                "--turns" => options with { TurnsPerLength = Count(name, Value(), min: 1) },
                "--warmup" => options with { WarmupTurns = Count(name, Value(), min: 0) },
                "--users" => options with { Users = Count(name, Value(), min: 1) },
                "--messages-per-user" => options with { MessagesPerUser = Count(name, Value(), min: 1) },
                "--postgres" => options with { PostgresConnectionString = Value() },
                "--set" => AddSetting(options, settings, Value()),
                _ => throw new ArgumentException($"Unknown option '{args[i]}'."),
            };
        }

        return options with { ServerSettings = settings };
    }

    private static BenchmarkOptions AddSetting(BenchmarkOptions options, Dictionary<string, string> settings, string pair)
    {
        var parts = pair.Split('=', 2);
        if (parts.Length != 2 || parts[0].Length == 0)
        {
            throw new ArgumentException($"--set takes Key=Value, not '{pair}'.");
        }

        settings[parts[0]] = parts[1];
        return options;
    }

    private static int Count(string name, string text, int min) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min
            ? value
            : throw new ArgumentException($"{name} must be a whole number of at least {min}, not '{text}'.");
}

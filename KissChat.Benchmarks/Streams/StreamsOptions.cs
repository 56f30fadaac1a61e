using System.Globalization;

namespace KissChat.Benchmarks.Streams;

/// <summary>What the streams scenario runs. The defaults are issue #9's shape and take about five minutes.</summary>
internal sealed record StreamsOptions(
    int Tokens,
    TimeSpan TokenDelay,
    IReadOnlyList<int> InFlight,
    IReadOnlyList<int> AtOnce,
    int Idle,
    TimeSpan IdleHold,
    int Replays,
    int ReplayTokens,
    TimeSpan Warmup,
    TimeSpan Duration,
    string? PostgresConnectionString,
    string? ServerDll,
    bool ModelHttp2,
    IReadOnlyDictionary<string, string> ServerSettings)
{
    public bool OnPostgres => PostgresConnectionString is { Length: > 0 };

    public const string Usage = """
        Usage: dotnet run -c Release --project KissChat.Benchmarks -- streams [options]

        Streams replies from a fake model (its own process) directly, through a bare relay (its own process: the
        floor, no sign-in, database or job; once reading the model by hand, once through Microsoft.Extensions.AI) and
        through KissChat (its own process), and prints what each adds. Each KissChat stream is its own user and chat;
        setup is never timed.

          --tokens 50                tokens in each reply of the fake model
          --delay-ms 10              milliseconds between two tokens
          --in-flight 1,100,500      streams kept in flight: each sends its next message when its reply ends
                                     (the streams start spread over the warm-up)
          --at-once 100,500          messages sent at the same moment; the batch is timed to its last reply
          --idle 500                 streams held open while the model has not answered yet, for memory per
                                     stream and /health/live, through KissChat and then the bare relay (0 skips;
                                     the target is 10000)
          --idle-hold 0              seconds to keep the idle streams held after they are measured, to look
                                     into the server meanwhile (dotnet-gcdump, dotnet-counters: its pid is printed)
          --replays 0                streams replaying a finished reply from its first frame at the same moment,
                                     for the server's memory per replaying stream (0 skips; issue #10 used 300);
                                     they share 10 replies of 10 users, each stream reading its own copy
          --replay-tokens 5000       tokens in each replayed reply
          --warmup 3                 unmeasured seconds before each in-flight measurement, and at least
                                     until every stream has had a reply
          --duration 10              measured seconds of each in-flight run (longer when two replies take
                                     longer)
          --postgres "<connection>"  use this PostgreSQL database (a throwaway one: the run adds rows)
                                     instead of a SQLite file in a temporary folder
          --server-dll <path>        run this KissChat.Web.dll (e.g. an older build) as the server, with
                                     `dotnet <path>` and the same settings, to compare builds in one sitting
          --model-http2              KissChat and the relays speak HTTP/2 to the model (h2c; KissChat with
                                     Inference:CleartextHttp2), replies sharing connections; the load client
                                     still reads the model directly in HTTP/1.1
          --set Key=Value            any server setting, e.g. --set Jobs:FlushIntervalMs=50 (repeatable)

        N idle streams need about 2N+2000 open files in the server (N+2000 with --model-http2): the run raises
        the limit when it may (as root); otherwise raise it first with `ulimit -n`.
        """;

    /// <summary>How many streams one user holds at most in the idle test, so 10,000 streams need 500 users, not 10,000.</summary>
    public const int IdleStreamsPerUser = 20;

    /// <summary>The most streams any load run has at once: users, chats and Jobs:Concurrency are sized for it.</summary>
    public int LoadStreams => InFlight.Concat(AtOnce).DefaultIfEmpty(1).Max();

    /// <summary>Users signed up: one per stream of the largest load, and enough for the idle streams.</summary>
    public int Users => Math.Max(LoadStreams, (Idle + IdleStreamsPerUser - 1) / IdleStreamsPerUser);

    public static StreamsOptions Parse(IReadOnlyList<string> args)
    {
        var options = new StreamsOptions(
            50, TimeSpan.FromMilliseconds(10), [1, 100, 500], [100, 500], 500, TimeSpan.Zero, 0, 5000, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(10),
            null, null, false, new Dictionary<string, string>());
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var reader = new OptionReader(args);
        while (reader.MoveNext())
        {
            options = reader.Name switch
            {
                "--tokens" => options with { Tokens = reader.Count(min: 1) },
                "--delay-ms" => options with { TokenDelay = TimeSpan.FromMilliseconds(reader.Count(min: 0)) },
                "--in-flight" => options with { InFlight = reader.Counts(min: 1) },
                "--at-once" => options with { AtOnce = reader.Counts(min: 1) },
                "--idle" => options with { Idle = reader.Count(min: 0) },
                "--idle-hold" => options with { IdleHold = TimeSpan.FromSeconds(reader.Count(min: 0)) },
                "--replays" => options with { Replays = reader.Count(min: 0) },
                "--replay-tokens" => options with { ReplayTokens = reader.Count(min: 1) },
                "--warmup" => options with { Warmup = TimeSpan.FromSeconds(reader.Count(min: 0)) },
                "--duration" => options with { Duration = TimeSpan.FromSeconds(reader.Count(min: 1)) },
                "--postgres" => options with { PostgresConnectionString = reader.Value() },
                "--server-dll" => options with { ServerDll = ExistingFile(reader.Value()) },
                "--model-http2" => options with { ModelHttp2 = true },
                "--set" => reader.AddSetting(options, settings),
                _ => throw reader.Unknown(),
            };
        }

        return options with { ServerSettings = settings };
    }

    /// <summary>The model's pace, as the report's heading says it.</summary>
    public string ModelShape =>
        string.Create(CultureInfo.InvariantCulture, $"{Tokens} tokens {TokenDelay.TotalMilliseconds:0.#} ms apart")
        + (ModelHttp2 ? "; KissChat and the relays read it over HTTP/2 (h2c), the direct client over HTTP/1.1" : "");

    private static string ExistingFile(string path) =>
        File.Exists(path) ? Path.GetFullPath(path) : throw new ArgumentException($"--server-dll: there is no file '{path}'.");
}

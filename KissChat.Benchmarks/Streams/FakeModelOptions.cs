using System.Globalization;

namespace KissChat.Benchmarks.Streams;

/// <summary>How the <c>fake-model</c> child answers: both its command line and what the parent starts it with.</summary>
/// <param name="Http2Port">Where the same model speaks HTTP/2 without TLS (h2c with prior knowledge), for a server that multiplexes replies.</param>
/// <param name="FirstTokenDelay">A wait before the first token: a model still loading, for holding streams open.</param>
internal sealed record FakeModelOptions(int Port, int Http2Port, int Tokens, TimeSpan TokenDelay, TimeSpan FirstTokenDelay)
{
    /// <summary>A model on two ports free right now.</summary>
    public static FakeModelOptions OnFreePorts(int tokens, TimeSpan tokenDelay, TimeSpan firstTokenDelay)
    {
        var ports = ChildProcess.FreePorts(2);
        return new FakeModelOptions(ports[0], ports[1], tokens, tokenDelay, firstTokenDelay);
    }

    public static FakeModelOptions Parse(IReadOnlyList<string> args)
    {
        var options = new FakeModelOptions(0, 0, 50, TimeSpan.FromMilliseconds(10), TimeSpan.Zero);
        var reader = new OptionReader(args);
        while (reader.MoveNext())
        {
            options = reader.Name switch
            {
                "--port" => options with { Port = reader.Count(min: 1) },
                "--http2-port" => options with { Http2Port = reader.Count(min: 1) },
                "--tokens" => options with { Tokens = reader.Count(min: 1) },
                "--delay-ms" => options with { TokenDelay = TimeSpan.FromMilliseconds(reader.Count(min: 0)) },
                "--first-token-delay-ms" => options with { FirstTokenDelay = TimeSpan.FromMilliseconds(reader.Count(min: 0)) },
                _ => throw reader.Unknown(),
            };
        }

        return options is { Port: > 0, Http2Port: > 0 } ? options : throw new ArgumentException("fake-model needs --port and --http2-port.");
    }

    public string[] ToArguments() =>
    [
        "fake-model",
        "--port", Invariant(Port),
        "--http2-port", Invariant(Http2Port),
        "--tokens", Invariant(Tokens),
        "--delay-ms", Invariant((int)TokenDelay.TotalMilliseconds),
        "--first-token-delay-ms", Invariant((int)FirstTokenDelay.TotalMilliseconds),
    ];

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}

using KissChat.Benchmarks;
using KissChat.Benchmarks.Streams;

// Measures what the project guide promises: long chats stay fast, turns write the same whatever the chat's
// length, and a burst of users is served; `streams` measures streaming under load (issue #9); `longchat`, replies in a
// 5,000-message chat with memory on and off (issue #12); `lore`, replies in chats with world books of up to a thousand
// entries. Progress goes to stderr, the figures to stdout. `fake-model` and `bare-relay` are processes `streams`
// starts, not for people.
return args switch
{
    ["streams", .. var rest] => await RunStreamsAsync(rest),
    ["longchat", .. var rest] => await RunLongChatAsync(rest),
    ["lore", .. var rest] => await RunLoreAsync(rest),
    ["fake-model", .. var rest] => await FakeModel.RunAsync(FakeModelOptions.Parse(rest)),
    ["bare-relay", .. var rest] => await BareRelay.RunAsync(rest),
    _ => await RunChatsAsync(args),
};

static async Task<int> RunChatsAsync(string[] args)
{
    if (Parse(args, BenchmarkOptions.Parse, BenchmarkOptions.Usage, out var exitCode) is not { } options)
    {
        return exitCode;
    }

    await using var server = await BenchmarkServer.StartAsync(options);
    var lengths = await ChatLengthBenchmark.RunAsync(server, options, Console.Error);
    var concurrency = await ConcurrencyBenchmark.RunAsync(server, options, Console.Error);
    await Report.PrintAsync(server, lengths, concurrency, Console.Out);
    return 0;
}

static async Task<int> RunLongChatAsync(string[] args) =>
    Parse(args, BenchmarkOptions.Parse, BenchmarkOptions.Usage, out var exitCode) is { } options
        ? await LongChatBenchmark.RunAsync(options, Console.Out, Console.Error)
        : exitCode;

static async Task<int> RunLoreAsync(string[] args) =>
    Parse(args, BenchmarkOptions.Parse, BenchmarkOptions.Usage, out var exitCode) is { } options
        ? await LoreBenchmark.RunAsync(options, Console.Out, Console.Error)
        : exitCode;

static async Task<int> RunStreamsAsync(string[] args)
{
    if (Parse(args, StreamsOptions.Parse, StreamsOptions.Usage, out var exitCode) is not { } options)
    {
        return exitCode;
    }

    // Ctrl+C ends the run through its cancellation, so the child processes are stopped on the way out.
    using var interrupted = new CancellationTokenSource();
    Console.CancelKeyPress += (_, press) =>
    {
        press.Cancel = true;
        interrupted.Cancel();
    };
    try
    {
        return await StreamsBenchmark.RunAsync(options, Console.Out, Console.Error, interrupted.Token);
    }
    catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
    {
        Console.Error.WriteLine("Interrupted; the processes the run started are stopped.");
        return 130;
    }
    catch (Exception exception) when (exception is InvalidOperationException or HttpRequestException or TimeoutException)
    {
        // A server that fails set-up or exits: there is nothing to measure, and the cause is in its output above.
        Console.Error.WriteLine($"The run stopped: {exception.Message}");
        return 1;
    }
}

/// <summary>The options, or null with the exit code when there is nothing to run: help asked for (0) or a mistake (2).</summary>
static T? Parse<T>(string[] args, Func<IReadOnlyList<string>, T> parse, string usage, out int exitCode)
    where T : class
{
    exitCode = 0;
    if (args.Contains("--help") || args.Contains("-h"))
    {
        Console.WriteLine(usage);
        return null;
    }

    try
    {
        return parse(args);
    }
    catch (ArgumentException exception)
    {
        Console.Error.WriteLine(exception.Message);
        Console.Error.WriteLine(usage);
        exitCode = 2;
        return null;
    }
}

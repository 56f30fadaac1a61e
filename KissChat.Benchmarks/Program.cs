using KissChat.Benchmarks;

// Measures what the project guide promises: long chats stay fast, turns write the same whatever the chat's
// length, and a burst of users is served. Progress goes to stderr, the figures to stdout.
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(BenchmarkOptions.Usage);
    return 0;
}

BenchmarkOptions options;
try
{
    options = BenchmarkOptions.Parse(args);
}
catch (ArgumentException exception)
{
    Console.Error.WriteLine(exception.Message);
    Console.Error.WriteLine(BenchmarkOptions.Usage);
    return 2;
}

await using var server = await BenchmarkServer.StartAsync(options);
var lengths = await ChatLengthBenchmark.RunAsync(server, options, Console.Error);
var concurrency = await ConcurrencyBenchmark.RunAsync(server, options, Console.Error);
await Report.PrintAsync(server, lengths, concurrency, Console.Out);
return 0;

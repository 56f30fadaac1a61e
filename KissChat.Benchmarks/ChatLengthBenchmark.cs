namespace KissChat.Benchmarks;

/// <param name="SeededMessages">Messages the chat held before its measured turns (besides system prompt and greeting).</param>
/// <param name="Written">What the measured turns added together; divide by <paramref name="Turns"/> for one turn.</param>
internal sealed record ChatLengthResult(int SeededMessages, int Turns, Latency FirstToken, Latency Done, double BytesReceivedPerTurn, WriteTotals Written);

/// <summary>
/// Goal: a turn in a long chat costs what it costs in a new one. For each length, one chat is seeded to that
/// many messages and then takes turns one after another over HTTP, as one user would.
/// </summary>
internal static class ChatLengthBenchmark
{
    public static async Task<IReadOnlyList<ChatLengthResult>> RunAsync(BenchmarkServer server, BenchmarkOptions options, TextWriter progress)
    {
        using var user = await BenchmarkUser.SignUpAsync(server);
        var characterId = await user.CreateCharacterAsync();
        await WarmUpAsync(user, characterId, options.WarmupTurns);

        var results = new List<ChatLengthResult>();
        foreach (var length in options.ChatLengths)
        {
            progress.WriteLine($"Chat of {length} messages: seeding, then {options.TurnsPerLength} turns…");
            var chatId = await user.NewChatAsync(characterId);
            await ChatSeeder.SeedAsync(server.Services, chatId, length);

            var before = await DatabaseCounters.TakeAsync(server.Services, server.Database);
            var timings = new List<TurnTiming>();
            for (var turn = 1; turn <= options.TurnsPerLength; turn++)
            {
                timings.Add(await user.SendAsync(chatId, Prompts.Turn(turn)));
            }

            var after = await DatabaseCounters.TakeAsync(server.Services, server.Database);
            results.Add(new ChatLengthResult(
                length,
                timings.Count,
                Latency.Of(timings.Select(t => t.FirstToken)),
                Latency.Of(timings.Select(t => t.Done)),
                timings.Average(t => t.BytesReceived),
                after - before));
        }

        return results;
    }

    /// <summary>The first requests pay for JIT compilation, connection pools and query compilation; none is measured.</summary>
    private static async Task WarmUpAsync(BenchmarkUser user, Guid characterId, int turns)
    {
        var chatId = await user.NewChatAsync(characterId);
        for (var turn = 1; turn <= turns; turn++)
        {
            await user.SendAsync(chatId, Prompts.Turn(turn));
        }
    }
}

using System.Diagnostics;

namespace KissChat.Benchmarks;

internal sealed record ConcurrencyResult(string Pattern, int Replies, int JobsConcurrency, TimeSpan Elapsed, Latency FirstToken, Latency Done)
{
    public double RepliesPerSecond => Replies / Elapsed.TotalSeconds;
}

/// <summary>
/// Many users at once, two ways. A burst: every user sends all their messages at the same moment (a chat answers
/// one message at a time, so each message has a chat of its own) and the server works through them,
/// Jobs:Concurrency replies at a time. Steady: every user chats in one chat, sending the next message as soon as
/// the reply is done, so that many users keep the server busy.
/// </summary>
internal static class ConcurrencyBenchmark
{
    public static async Task<IReadOnlyList<ConcurrencyResult>> RunAsync(BenchmarkServer server, BenchmarkOptions options, TextWriter progress)
    {
        var (userCount, perUser) = (options.Users, options.MessagesPerUser);
        var users = await Task.WhenAll(Enumerable.Range(0, userCount).Select(_ => BenchmarkUser.SignUpAsync(server)));
        try
        {
            var characters = await Task.WhenAll(users.Select(u => u.CreateCharacterAsync()));

            progress.WriteLine($"Burst: {userCount} users sending {perUser} messages each at the same moment…");
            var burstChats = await ChatsAsync(users, characters, perUser);
            var burst = await MeasureAsync($"burst: {userCount} users x {perUser} messages at once", server, burstChats, async (user, chats) =>
                await Task.WhenAll(chats.Select((chatId, i) => user.SendAsync(chatId, Prompts.Turn(i + 1)))));

            progress.WriteLine($"Steady: {userCount} users sending {perUser} messages each, one after another…");
            var steadyChats = await ChatsAsync(users, characters, 1);
            var steady = await MeasureAsync($"steady: {userCount} users x {perUser} messages in turn", server, steadyChats, async (user, chats) =>
            {
                var timings = new List<TurnTiming>();
                for (var turn = 1; turn <= perUser; turn++)
                {
                    timings.Add(await user.SendAsync(chats[0], Prompts.Turn(turn)));
                }

                return timings.ToArray();
            });

            return [burst, steady];
        }
        finally
        {
            foreach (var user in users)
            {
                user.Dispose();
            }
        }
    }

    private static async Task<(BenchmarkUser User, Guid[] Chats)[]> ChatsAsync(BenchmarkUser[] users, Guid[] characters, int chatsEach) =>
        await Task.WhenAll(users.Select(async (user, i) =>
        {
            var chats = new Guid[chatsEach];
            for (var c = 0; c < chatsEach; c++)
            {
                chats[c] = await user.NewChatAsync(characters[i]);
            }

            return (user, chats);
        }));

    /// <summary>Starts every user's messages together, once all chats exist, and times the whole until the last reply.</summary>
    private static async Task<ConcurrencyResult> MeasureAsync(
        string pattern, BenchmarkServer server, (BenchmarkUser User, Guid[] Chats)[] plan, Func<BenchmarkUser, Guid[], Task<TurnTiming[]>> send)
    {
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = plan.Select(async p =>
        {
            await go.Task;
            return await send(p.User, p.Chats);
        }).ToList();
        var clock = Stopwatch.StartNew();
        go.SetResult();
        var timings = (await Task.WhenAll(runs)).SelectMany(t => t).ToList();
        clock.Stop();
        return new ConcurrencyResult(
            pattern,
            timings.Count,
            server.JobsConcurrency,
            clock.Elapsed,
            Latency.Of(timings.Select(t => t.FirstToken)),
            Latency.Of(timings.Select(t => t.Done)));
    }
}

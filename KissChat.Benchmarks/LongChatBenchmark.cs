using KissChat.Chats.Data;
using KissChat.Chats.Prompt;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Benchmarks;

/// <summary>
/// Goal (issue #12): replies in a chat of 5,000 messages are not slower to their first token with memory on than
/// without it. Two servers, one with <c>Memory:Enabled</c> and one without, each hold one chat seeded to the longest of
/// <c>--lengths</c> (the memory one with a summary covering what its prompt leaves out, as after earlier turns); their
/// turns are interleaved, each side first every other time, so the machine's slow moments fall on both alike. With memory
/// on, summary jobs run in the background between the turns, as they would.
/// </summary>
internal static class LongChatBenchmark
{
    private const string Summary =
        "The traveller arrived at the Salty Gull at dusk and asked Mira about the Crimson Heron, a ship that limped in at "
        + "dawn with torn red sails, a sick crew and a captain who paid in silver minted forty years ago. Mira suspected "
        + "the crew were smugglers, pointed out a hooded passenger who had come off the ship and would not eat, and "
        + "warned that the harbour master was asking questions. The traveller promised to find out who the stranger was.";

    public static async Task<int> RunAsync(BenchmarkOptions options, TextWriter output, TextWriter progress)
    {
        var length = options.ChatLengths.Max();
        var sides = new List<Side>();
        try
        {
            foreach (var memory in new[] { true, false })
            {
                progress.WriteLine($"Memory {(memory ? "on" : "off")}: starting a server, seeding a chat of {length} messages…");
                var settings = new Dictionary<string, string>(options.ServerSettings, StringComparer.OrdinalIgnoreCase) { ["Memory:Enabled"] = memory ? "true" : "false" };
                var server = await BenchmarkServer.StartAsync(options with { ServerSettings = settings });
                var user = await BenchmarkUser.SignUpAsync(server);
                var chatId = await user.NewChatAsync(await user.CreateCharacterAsync());
                await ChatSeeder.SeedAsync(server.Services, chatId, length);
                if (memory)
                {
                    await SummariseAsync(server.Services, chatId);
                }

                sides.Add(new Side(memory, server, user, chatId, []));
            }

            progress.WriteLine($"{options.WarmupTurns} unmeasured turns on each side, then {options.TurnsPerLength} measured, interleaved…");
            for (var turn = 1; turn <= options.WarmupTurns + options.TurnsPerLength; turn++)
            {
                foreach (var side in turn % 2 == 0 ? sides : sides.AsEnumerable().Reverse())
                {
                    var timing = await side.User.SendAsync(side.ChatId, Prompts.Turn(turn));
                    if (turn > options.WarmupTurns)
                    {
                        side.Timings.Add(timing);
                    }
                }
            }

            var on = sides.Single(s => s.Memory);
            var summaries = await DatabaseCounters.ScalarAsync(on.Server.Services, "SELECT count(*) FROM jobs WHERE kind = 'chat.summary'");
            output.WriteLine($"## Replies in a chat of {length:N0} messages, memory on and off ({await on.Server.DescribeDatabaseAsync()})");
            output.WriteLine();
            var table = new MarkdownTable(["Memory", .. TurnColumns.Headers]);
            foreach (var side in sides)
            {
                table.Add([side.Memory ? "on" : "off", .. TurnColumns.Of(side.Timings)]);
            }

            table.Print(output);
            output.WriteLine();
            output.WriteLine($"Summary jobs run with memory on: {summaries}.");
            return 0;
        }
        finally
        {
            foreach (var side in sides)
            {
                side.User.Dispose();
                await side.Server.DisposeAsync();
            }
        }
    }

    /// <summary>Gives the chat the summary earlier turns would have left: it covers what the next prompt leaves out.</summary>
    private static async Task SummariseAsync(IServiceProvider services, Guid chatId)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KissChatDbContext>();
        var userId = await db.Set<Chat>().Where(c => c.Id == chatId).Select(c => c.UserId).SingleAsync();
        var prompt = await scope.ServiceProvider.GetRequiredService<ChatPrompts>().BuildAsync(new PromptRequest(chatId, userId), CancellationToken.None);
        db.Add(new ChatMemory { Id = Guid.CreateVersion7(), ChatId = chatId, Summary = Summary, ThroughSeq = prompt!.DroppedThroughSeq, UpdatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
    }

    private sealed record Side(bool Memory, BenchmarkServer Server, BenchmarkUser User, Guid ChatId, List<TurnTiming> Timings);
}

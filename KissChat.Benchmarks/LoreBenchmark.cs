using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace KissChat.Benchmarks;

/// <summary>
/// Role-players bring world books of hundreds of entries: every turn scans the chat for each entry's keys. For each of
/// <c>--entries</c>, three chats carry a book of that many entries: attached as a lorebook, as the character's own card
/// book (imported as a SillyTavern V2 card), and as that card pinned to the chat. A third of the keys are plain, a third
/// whole words and a third <c>/regex/i</c>, and each turn names one entry. Turns go round all chats, so slow moments
/// fall on all alike; the figure is the first token, as the user waits for it, against the chat without a book.
/// </summary>
internal static class LoreBenchmark
{
    private static readonly string[] Words = ["harbour", "dragon", "tavern", "castle", "merchant", "temple", "storm", "raven"];

    public static async Task<int> RunAsync(BenchmarkOptions options, TextWriter output, TextWriter progress)
    {
        await using var server = await BenchmarkServer.StartAsync(options);
        using var user = await BenchmarkUser.SignUpAsync(server);
        var chats = new List<LoreChat>();
        foreach (var entries in options.LoreEntries.Order())
        {
            progress.WriteLine($"Books of {entries} entries: a lorebook, a card's own book, a pinned card…");
            var book = Book(entries);
            var withLorebook = await user.NewChatAsync(await user.CreateCharacterAsync());
            await AttachAsync(user, withLorebook, book);
            chats.Add(new LoreChat("lorebook", entries, withLorebook, []));
            chats.Add(new LoreChat("card book", entries, await user.NewChatAsync(await ImportCardAsync(user, book)), []));
            var pinned = await user.NewChatAsync(await ImportCardAsync(user, book));
            await BenchmarkUser.ReadOkAsync(await user.Browser.PatchAsJsonAsync($"/api/v1/chat/{pinned}", new { pinned = true }));
            chats.Add(new LoreChat("pinned card", entries, pinned, []));
        }

        progress.WriteLine($"{options.WarmupTurns} unmeasured turns in each chat, then {options.TurnsPerLength} measured, in turn…");
        for (var turn = 1; turn <= options.WarmupTurns + options.TurnsPerLength; turn++)
        {
            foreach (var chat in chats)
            {
                var timing = await user.SendAsync(chat.ChatId, $"{Prompts.Turn(turn)} And the {Key(turn % Math.Max(1, chat.Entries))}?");
                if (turn > options.WarmupTurns)
                {
                    chat.Timings.Add(timing);
                }
            }
        }

        output.WriteLine($"## Replies with a world book ({await server.DescribeDatabaseAsync()}, the demo model with no delay)");
        output.WriteLine();
        var table = new MarkdownTable(["Book", "Entries", .. TurnColumns.Headers]);
        foreach (var chat in chats)
        {
            table.Add([chat.Shape, chat.Entries.ToString(CultureInfo.InvariantCulture), .. TurnColumns.Of(chat.Timings)]);
        }

        table.Print(output);
        return 0;
    }

    private static string Key(int entry) => $"{Words[entry % Words.Length]}{entry}";

    /// <summary>SillyTavern-like entries of about 500 characters, keys of three kinds.</summary>
    private static JsonArray Book(int entries) =>
    [
        .. Enumerable.Range(0, entries).Select(i => new JsonObject
        {
            ["id"] = i,
            ["keys"] = i % 3 == 2 ? new JsonArray($"/{Key(i)}(s|es)?/i") : new JsonArray(Key(i), $"{Key(i)}s"),
            ["content"] = $"{Key(i)}: " + string.Join(' ', Enumerable.Range(0, 70).Select(w => Words[(i + w) % Words.Length])),
            ["enabled"] = true,
            ["insertion_order"] = 100,
            ["extensions"] = new JsonObject { ["match_whole_words"] = i % 3 == 1 },
        }),
    ];

    private static async Task AttachAsync(BenchmarkUser user, Guid chatId, JsonArray entries)
    {
        if (entries.Count == 0)
        {
            return;
        }

        var created = await BenchmarkUser.ReadOkAsync(await user.Browser.PostAsJsonAsync("/api/v1/lorebook/create", new JsonObject { ["name"] = "World", ["entries"] = entries.DeepClone() }));
        var bookId = created.GetProperty("data").GetProperty("id").GetGuid();
        await BenchmarkUser.ReadOkAsync(await user.Browser.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { lorebook_ids = new[] { bookId } }));
    }

    private static async Task<Guid> ImportCardAsync(BenchmarkUser user, JsonArray entries)
    {
        var card = new JsonObject
        {
            ["spec"] = "chara_card_v2",
            ["spec_version"] = "2.0",
            ["data"] = new JsonObject
            {
                ["name"] = "Mira",
                ["description"] = "A cheerful, nosy innkeeper who knows every rumour in the harbour town.",
                ["first_mes"] = "Welcome to the Salty Gull, traveller!",
                ["character_book"] = entries.Count == 0 ? null : new JsonObject { ["name"] = "World", ["entries"] = entries.DeepClone() },
            },
        };
        var imported = await BenchmarkUser.ReadOkAsync(await user.Browser.PostAsJsonAsync("/api/v1/character/import", card));
        return imported.GetProperty("data").GetProperty("character_id").GetGuid();
    }

    private sealed record LoreChat(string Shape, int Entries, Guid ChatId, List<TurnTiming> Timings);
}

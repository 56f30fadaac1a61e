using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Chats;

/// <summary>
/// A long chat's exports read its messages a page at a time, never the whole chat at once (a 30,000-message chat's
/// .jsonl took 289 MB to make), and come out byte for byte as they did when the whole chat was read: the hashes below are
/// of the files the build before paging wrote for the same chats.
/// </summary>
public abstract partial class LongChatExportTests(ChatServer server)
{
    private const int PageSize = 1_000;

    /// <summary>
    /// SHA-256 of each export of the two chats below as the build before paging (3f31267) wrote them, each made
    /// comparable (<see cref="Comparable"/>): the database's ids and the export's own dates taken out. The Markdown ones
    /// since write <c>&amp;</c> and <c>&lt;</c> as entities (84287bb): with those turned back, they were 3f31267's too.
    /// </summary>
    private static readonly Dictionary<string, string> Golden = new()
    {
        ["single.jsonl"] = "6458776c04df717ee035502968e1dbd332f3faa9b26232cf957a5af7d5765b98",
        ["single.md"] = "2589d5d6ef8a90cb416152b2027ea8e0b31db48631ee0e38bf831b34a621f347",
        ["single.json"] = "428989586a274e45bfa9ed874c36716dfc6f1c2f3be8b087e6db535704064db1",
        ["group.jsonl"] = "c948b64a79e2a87449140eb4d61185f75bdc85a1a237edf604f777c10a34d0ec",
        ["group.md"] = "679721d56ba017dc10b8abaa679f605514802565d8150ee44642bab2b7f898dc",
        ["group.json"] = "5e0fd6d8a1928efe481b7d5352f9fe9cc91045801f6a76b633716c5b75ce4411",
    };

    [Fact]
    public async Task ALongChatsExportsReadItsMessagesAPageAtATimeAndComeOutAsTheyDidReadWhole()
    {
        var (user, single, group) = await ChatsAsync();
        using var commands = RequestCommands.Of(user.Client);

        Dictionary<string, string> hashes = [];
        foreach (var (name, chatId) in new[] { ("single", single), ("group", group) })
        {
            foreach (var format in new[] { "jsonl", "md", "json" })
            {
                commands.Clear();
                var file = await DownloadAsync(user, $"/api/v1/chat/{chatId}/export.{format}");
                hashes[$"{name}.{format}"] = Hash(Comparable(file, format));

                // The last message's seq first, then each page a query of its own with a LIMIT and that bound: none reads
                // the chat's messages whole, or a message added while the export runs.
                var reads = commands.Texts.Where(ReadsMessages).ToList();
                Assert.Contains("MAX(", reads[0], StringComparison.OrdinalIgnoreCase);
                Assert.All(reads.Skip(1), AssertReadsAPageUpToTheBound);
                Assert.Equal(Messages(name) / PageSize + 2, reads.Count);
            }
        }

        Assert.Equal(Golden, hashes);
    }

    [Fact]
    public async Task TheAccountExportHoldsEachLongChatAsItsOwnExportsAndReadsItAPageAtATime()
    {
        var (user, single, group) = await ChatsAsync();
        using var commands = RequestCommands.Of(user.Client);

        using var zip = new ZipArchive(new MemoryStream(await DownloadAsync(user, "/api/v1/user/export")));

        // Both chats, each up to the last message it had as the zip came to it, then twice (its .json and its .jsonl) a page at a time.
        var reads = commands.Texts.Where(ReadsMessages).ToList();
        Assert.Equal(2, reads.Count(sql => sql.Contains("MAX(", StringComparison.OrdinalIgnoreCase)));
        Assert.All(reads.Where(sql => !sql.Contains("MAX(", StringComparison.OrdinalIgnoreCase)), AssertReadsAPageUpToTheBound);
        Assert.Equal(2 + 2 * (Messages("single") / PageSize + 1 + Messages("group") / PageSize + 1), reads.Count);
        var files = zip.Entries.Where(e => e.FullName.StartsWith("chats/", StringComparison.Ordinal)).ToDictionary(e => e.FullName, Read);
        foreach (var (chatId, title) in new[] { (single, "Mira"), (group, "Ann, Ben") })
        {
            foreach (var format in new[] { "jsonl", "json" })
            {
                var own = await DownloadAsync(user, $"/api/v1/chat/{chatId}/export.{format}");
                Assert.Equal(Comparable(own, format), Comparable(files[$"chats/{title}.{format}"], format));
            }
        }
    }

    /// <summary>
    /// A message added while an export reads its pages (here between its first and its second) is left out: the export is
    /// the chat as it was when it began, not a user's message without the reply that came after it.
    /// </summary>
    [Fact]
    public async Task AMessageAddedWhileAnExportReadsItsPagesIsLeftOutOfIt()
    {
        var (user, single, _) = await ChatsAsync();
        var writer = server.CreateClient();
        await (await writer.PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = user.Password, method = "email" })).AssertOkJsonAsync();
        var path = $"/api/v1/chat/{single}/export.jsonl";
        using var commands = RequestCommands.Of(user.Client);
        var pages = 0;
        commands.BeforeEach = sql =>
        {
            if (ReadsMessages(sql) && sql.Contains("LIMIT", StringComparison.OrdinalIgnoreCase) && ++pages == 2)
            {
                // The export waits on its own thread until the message is added, by a request sent outside its context,
                // which would otherwise give it the export's trace (and its commands to this recorder).
                using (ExecutionContext.SuppressFlow())
                {
                    Task.Run(() => writer.PostAsJsonAsync($"/api/v1/chat/{single}/messages", new { content = "added meanwhile" })).GetAwaiter().GetResult().EnsureSuccessStatusCode();
                }
            }
        };

        var during = Encoding.UTF8.GetString(await DownloadAsync(user, path));
        commands.BeforeEach = null;
        var after = Encoding.UTF8.GetString(await DownloadAsync(user, path));

        Assert.Equal(Messages("single") / PageSize + 1, pages);
        Assert.DoesNotContain("added meanwhile", during, StringComparison.Ordinal);
        Assert.Equal(during, after[..after.LastIndexOf('\n')]);
        Assert.Contains("added meanwhile", after[after.LastIndexOf('\n')..], StringComparison.Ordinal);
    }

    private static bool ReadsMessages(string sql) => sql.Contains("chat_messages", StringComparison.Ordinal);

    private static void AssertReadsAPageUpToTheBound(string sql)
    {
        Assert.Contains("LIMIT", sql, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<=", sql, StringComparison.Ordinal);
    }

    private static int Messages(string chat) => chat == "single" ? 2_345 : 1_234;

    /// <summary>
    /// Two imported chats longer than a page, written as a persona: one with Mira (her lorebook as its chat lore), one
    /// with Ann and Ben, each with swipes, reasoning, hidden messages, narration and comments and SillyTavern's own members.
    /// </summary>
    private async Task<(TestUser User, Guid Single, Guid Group)> ChatsAsync()
    {
        var user = await TestUser.SignUpAsync(server);
        await (await user.Client.PostAsJsonAsync("/api/v1/persona/create", new { name = "Captain Vell", description = "A retired sea captain." })).AssertOkJsonAsync(HttpStatusCode.Created);
        await (await user.Client.PostAsJsonAsync("/api/v1/lorebook/create", new { name = "Harbour", entries = Array.Empty<object>() })).AssertOkJsonAsync(HttpStatusCode.Created);
        var mira = await CharacterAsync(user, "Mira");
        var (ann, ben) = (await CharacterAsync(user, "Ann"), await CharacterAsync(user, "Ben"));

        var single = await ImportAsync(user, ChatFile(Messages("single"), ["Mira"]), ("character_id", mira.ToString()));
        var group = await ImportAsync(user, ChatFile(Messages("group"), ["Ann", "Ben"]), ("character_ids", $"{ann},{ben}"));
        return (user, single, group);
    }

    private static async Task<Guid> CharacterAsync(TestUser user, string name)
    {
        var response = await user.Client.PostAsJsonAsync("/api/v1/character/create", new { name, personality = "calm", scenario = "A harbour inn.", greeting = $"{name} waves." });
        return (await response.AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("data").GetProperty("character_id").GetGuid();
    }

    private static async Task<Guid> ImportAsync(TestUser user, byte[] file, (string Name, string Value) characters)
    {
        var form = ChatTransferTests.Form(null, file);
        form.Add(new StringContent(characters.Value), characters.Name);
        return (await (await user.Client.PostAsync("/api/v1/chat/import", form)).AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("newChatID").GetGuid();
    }

    /// <summary>A SillyTavern chat file, the same every time: its lines vary with their number.</summary>
    private static byte[] ChatFile(int messages, string[] speakers)
    {
        var start = new DateTime(2025, 3, 4, 5, 6, 7, DateTimeKind.Utc);
        string Date(DateTime at) => string.Create(CultureInfo.InvariantCulture, $"{at.Year}-{at.Month}-{at.Day} @{at.Hour:00}h {at.Minute:00}m {at.Second:00}s {at.Millisecond}ms");
        List<object> lines =
        [
            new Dictionary<string, object?>
            {
                ["user_name"] = "Captain Vell", ["character_name"] = speakers[0], ["create_date"] = "2025-03-04@05h06m07s",
                ["chat_metadata"] = new { note_prompt = "Keep it short.", note_depth = 2, narrator_name = "Storyteller", world_info = "Harbour", variables = new { mood = "calm" } },
            },
        ];
        for (var i = 0; i < messages; i++)
        {
            var at = start.AddSeconds(i * 7).AddMilliseconds(i % 1000);
            var text = $"Line {i}: the tide, \"quoted\", <b>bold</b>, café ☕ 🦀\nand a second line {i % 13}.";
            var speaker = speakers[i / 2 % speakers.Length];
            Dictionary<string, object?> line = (i % 7) switch
            {
                1 => new() { ["name"] = "Captain Vell", ["is_user"] = true, ["is_system"] = false, ["send_date"] = Date(at), ["mes"] = text },
                2 => new() { ["name"] = "Captain Vell", ["is_user"] = true, ["is_system"] = true, ["send_date"] = Date(at), ["mes"] = text, ["title"] = "aside", ["force_avatar"] = "img/me.png" },
                3 => new()
                {
                    ["name"] = i % 2 == 0 ? "Storyteller" : "Note", ["is_user"] = false, ["is_system"] = i % 2 == 1, ["send_date"] = Date(at), ["mes"] = text,
                    ["extra"] = new { type = i % 2 == 0 ? "narrator" : "comment", isSmallSys = i % 4 == 3 },
                },
                5 => new() { ["name"] = speaker, ["is_user"] = false, ["is_system"] = false, ["send_date"] = Date(at), ["mes"] = text },
                _ => Reply(i, speaker, text, at, Date),
            };
            lines.Add(line);
        }

        return Encoding.UTF8.GetBytes(string.Join("\n", lines.Select(l => JsonSerializer.Serialize(l))));
    }

    /// <summary>A reply with up to three swipes, some with SillyTavern's <c>swipe_info</c>, reasoning on some of them.</summary>
    private static Dictionary<string, object?> Reply(int i, string speaker, string text, DateTime at, Func<DateTime, string> date)
    {
        var count = i % 3 + 1;
        var swipes = Enumerable.Range(0, count).Select(s => s == i % count ? text : $"Swipe {s} of line {i}.").ToList();
        var infos = Enumerable.Range(0, i % 2 == 0 ? count : count - 1).Select(s => (object)new Dictionary<string, object?>
        {
            ["send_date"] = date(at.AddMinutes(s)),
            ["gen_started"] = date(at),
            ["extra"] = s % 2 == 0 ? new { reasoning = $"Thinking about swipe {s} of {i}.", api = "openai" } : new { reasoning = "", api = "openai" },
        }).ToList();
        return new()
        {
            ["name"] = speaker, ["is_user"] = false, ["is_system"] = i % 11 == 0, ["send_date"] = date(at), ["mes"] = text, ["swipes"] = swipes, ["swipe_id"] = i % count,
            ["swipe_info"] = infos, ["gen_started"] = date(at), ["extra"] = i % 5 == 0 ? new { api = "openai", token_count = i } : new { api = "openai", reasoning = $"Reasoning {i}." },
        };
    }

    private static async Task<byte[]> DownloadAsync(TestUser user, string path)
    {
        var response = await user.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>The file with the ids the database gave (each as the order it first appears in) and the export's own dates taken out.</summary>
    private static string Comparable(byte[] file, string format)
    {
        var text = Encoding.UTF8.GetString(file);
        return format switch
        {
            "md" => ExportedAt().Replace(text, ", exported (now) UTC*"),
            "json" => Ids().Replace(NowDates().Replace(text, "\"${member}\":\"(now)\""), new Numbered().Next),
            _ => text,
        };
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static byte[] Read(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }

    [GeneratedRegex(@", exported \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\*")]
    private static partial Regex ExportedAt();

    [GeneratedRegex("\"(?<member>updated_at|exported_at)\":\"[^\"]*\"")]
    private static partial Regex NowDates();

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex Ids();

    private sealed class Numbered
    {
        private readonly Dictionary<string, int> seen = [];

        public string Next(Match id) => $"id{(seen.TryGetValue(id.Value, out var n) ? n : seen[id.Value] = seen.Count)}";
    }
}

public sealed class LongChatExportTestsOnSqlite(SqliteChatServer server) : LongChatExportTests(server), IClassFixture<SqliteChatServer>;

public sealed class LongChatExportTestsOnPostgres(PostgresChatServer server) : LongChatExportTests(server), IClassFixture<PostgresChatServer>;

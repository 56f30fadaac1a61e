using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KissChat.Tests.Fakes;
using KissChat.Tests.Infrastructure;
using static KissChat.Tests.Chats.ChatTransferTests;

namespace KissChat.Tests.Chats;

/// <summary>
/// A thinking model's reasoning in and out of SillyTavern's chat files: a reply's in its <c>extra.reasoning</c>, each
/// swipe's in its <c>swipe_info</c> entry's; and in KissChat's own JSON and Markdown exports.
/// </summary>
public abstract class SillyTavernReasoningTests(ChatServer server)
{
    /// <summary>As SillyTavern writes a reply of two swipes, each with its reasoning, and one without (its blank reasoning).</summary>
    private const string File =
        """{"user_name":"U","character_name":"C","create_date":"2026-12-01@22h58m11s","chat_metadata":{}}""" + "\n"
        + """{"name":"C","is_user":false,"is_system":false,"send_date":"December 1, 2026 11:06pm","mes":"Second take.","extra":{"api":"openai","model":"deepseek-reasoner","reasoning":"Think twice — 🌿\nthen speak.","reasoning_duration":1200,"reasoning_type":"model","token_count":3},"gen_started":"2026-12-01T23:05:58.120Z","gen_finished":"2026-12-01T23:06:01.930Z","swipe_id":1,"swipes":["First take.","Second take."],"swipe_info":[{"send_date":"December 1, 2026 11:04pm","gen_started":"2026-12-01T23:04:10.000Z","gen_finished":"2026-12-01T23:04:12.500Z","extra":{"api":"openai","model":"deepseek-reasoner","reasoning":"Think once.","reasoning_duration":800,"reasoning_type":"model"}},{"send_date":"December 1, 2026 11:06pm","gen_started":"2026-12-01T23:05:58.120Z","gen_finished":"2026-12-01T23:06:01.930Z","extra":{"api":"openai","model":"deepseek-reasoner","reasoning":"Think twice — 🌿\nthen speak.","reasoning_duration":1200,"reasoning_type":"model","token_count":3}}]}""" + "\n"
        + """{"name":"U","is_user":true,"is_system":false,"send_date":"December 1, 2026 11:07pm","mes":"Go on.","extra":{}}""" + "\n"
        + """{"name":"C","is_user":false,"is_system":false,"send_date":"December 1, 2026 11:08pm","mes":"Plainly.","extra":{"api":"openai","reasoning":""},"swipe_id":0,"swipes":["Plainly."],"swipe_info":[{"send_date":"December 1, 2026 11:08pm","extra":{"api":"openai","reasoning":""}}]}""";

    [Fact]
    public async Task ASillyTavernRepliesReasoningAndEachSwipesComeInSwitchWithTheSwipeAndGoOutAsTheyAreNow()
    {
        var user = await TestUser.SignUpAsync(server);
        var characterId = await ChatScenario.CreateCharacterAsync(user);
        var file = Encoding.UTF8.GetBytes(File);

        var chatId = await ImportAsync(user, characterId, file);

        var messages = await MessagesAsync(user, chatId);
        Assert.Equal(["Think twice — 🌿\nthen speak.", null, null], messages.Select(Reasoning));
        // Exported untouched, every line is as it came: the reasoning in its place, SillyTavern's other members with it.
        var original = Lines(file);
        var exported = Lines(await ExportAsync(user, chatId));
        Assert.All(Enumerable.Range(1, 3), i => Assert.True(
            JsonNode.DeepEquals(original[i]["extra"], exported[i]["extra"]), $"line {i + 1}: {exported[i]["extra"]!.ToJsonString()}"));
        Assert.True(JsonNode.DeepEquals(Extras(original[1]), Extras(exported[1])), exported[1]["swipe_info"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(Extras(original[3]), Extras(exported[3])), exported[3]["swipe_info"]!.ToJsonString());

        await SwipeAsync(user, chatId, messages[0], 0);

        Assert.Equal("Think once.", Reasoning((await MessagesAsync(user, chatId))[0]));
        var switched = Lines(await ExportAsync(user, chatId));
        Assert.Equal(0, (int)switched[1]["swipe_id"]!);
        Assert.Equal("Think once.", (string?)switched[1]["extra"]!["reasoning"]);
        Assert.Equal(["Think once.", "Think twice — 🌿\nthen speak."], ReasoningOfSwipes(switched[1]));

        // …and in again: each swipe keeps its own.
        var again = await ImportAsync(user, characterId, await ExportAsync(user, chatId));
        var reply = (await MessagesAsync(user, again))[0];
        Assert.Equal(("First take.", "Think once."), (reply.GetProperty("content").GetString(), Reasoning(reply)));
        await SwipeAsync(user, again, reply, 1);
        Assert.Equal("Think twice — 🌿\nthen speak.", Reasoning((await MessagesAsync(user, again))[0]));
    }

    [Fact]
    public async Task AThinkingModelsRepliesAndSwipesGoOutWithTheirReasoningAndComeBackWithIt()
    {
        var user = await TestUser.SignUpAsync(server);
        var characterId = await ChatScenario.CreateCharacterAsync(user);
        var chatId = await ChatScenario.NewChatAsync(user, characterId);
        server.ModelServer.Enqueue(ModelScript.ThinkThenStream("reasoning", ["The guest ", "looks tired."], TimeSpan.Zero, ["Welcome."]));
        await ChatScenario.SendAndReadAsync(user, chatId, "A room, please.");
        server.ModelServer.Enqueue(ModelScript.ThinkThenStream("reasoning_content", ["Be \"brief\"."], TimeSpan.Zero, ["Room 4."]));
        await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Post, $"/api/v1/chat/{chatId}/regenerate"));
        server.ModelServer.Enqueue(ModelScript.Stream(["Good night."]));
        await ChatScenario.SendAndReadAsync(user, chatId, "Thanks.");

        var lines = Lines(await ExportAsync(user, chatId));

        // The character's greeting, then the user's line and the reply of two swipes, the user's and the plain reply.
        Assert.Equal(["Room 4.", "Thanks.", "Good night."], lines.TakeLast(3).Select(l => (string?)l["mes"]));
        var (reply, plain) = (lines[^3], lines[^1]);
        Assert.Equal("Be \"brief\".", (string?)reply["extra"]!["reasoning"]);
        Assert.Equal(["The guest looks tired.", "Be \"brief\"."], ReasoningOfSwipes(reply));
        // Nothing where there is none: the greeting, the user's lines, the reply the model gave no reasoning for.
        Assert.Equal(
            ["{}", "{}", """{"reasoning":"Be \"brief\"."}""", "{}", "{}"],
            lines.Skip(1).Select(l => Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(l["extra"], Relaxed))));
        Assert.Equal("{}", plain["swipe_info"]![0]!["extra"]!.ToJsonString());

        // KissChat's own exports: the JSON with each swipe's reasoning beside its text, the transcript with the reply's.
        var json = await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/export.json")).AssertOkJsonAsync();
        var exported = json.GetProperty("messages").EnumerateArray().ToList();
        var thought = exported.Single(m => m.GetProperty("content").GetString() == "Room 4.");
        Assert.Equal("Be \"brief\".", Reasoning(thought));
        Assert.Equal(["The guest looks tired.", "Be \"brief\"."], thought.GetProperty("swipe_reasoning").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(JsonValueKind.Null, exported[^1].GetProperty("swipe_reasoning").ValueKind);
        var markdown = await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/export.md")).Content.ReadAsStringAsync();
        Assert.Contains("<details><summary>Reasoning</summary>\n\nBe \"brief\".\n\n</details>", markdown.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("looks tired", markdown, StringComparison.Ordinal);

        // Into KissChat again, and out: the same reasoning, each swipe's its own.
        var back = await ImportAsync(user, characterId, await ExportAsync(user, chatId));
        var messages = await MessagesAsync(user, back);
        Assert.Equal([null, null, "Be \"brief\".", null, null], messages.Select(Reasoning));
        var again = Lines(await ExportAsync(user, back));
        Assert.Equal(lines.Count, again.Count);
        Assert.All(Enumerable.Range(1, lines.Count - 1), i => Assert.True(JsonNode.DeepEquals(lines[i]["extra"], again[i]["extra"]), again[i].ToJsonString()));
        Assert.All(Enumerable.Range(1, lines.Count - 1), i => Assert.True(JsonNode.DeepEquals(Extras(lines[i]), Extras(again[i])), again[i].ToJsonString()));
        await SwipeAsync(user, back, messages[2], 0);
        Assert.Equal("The guest looks tired.", Reasoning((await MessagesAsync(user, back))[2]));
    }

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string? Reasoning(JsonElement message) =>
        message.GetProperty("reasoning").ValueKind == JsonValueKind.Null ? null : message.GetProperty("reasoning").GetString();

    private static List<string?> ReasoningOfSwipes(JsonNode line) =>
        line["swipe_info"]!.AsArray().Select(info => (string?)info!["extra"]!["reasoning"]).ToList();

    /// <summary>A line's swipes' <c>extra</c>s; null when it has no swipes.</summary>
    private static JsonNode? Extras(JsonNode line) =>
        line["swipe_info"] is JsonArray infos ? new JsonArray([.. infos.Select(info => info!["extra"]?.DeepClone())]) : null;

    private static async Task SwipeAsync(TestUser user, Guid chatId, JsonElement message, int index) =>
        await (await user.Client.PutAsJsonAsync($"/api/v1/chat/{chatId}/messages/{message.GetProperty("id")}/swipe", new { index })).AssertOkJsonAsync();
}

public sealed class SillyTavernReasoningTestsOnSqlite(SqliteChatServer server) : SillyTavernReasoningTests(server), IClassFixture<SqliteChatServer>;

public sealed class SillyTavernReasoningTestsOnPostgres(PostgresChatServer server) : SillyTavernReasoningTests(server), IClassFixture<PostgresChatServer>;

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KissChat.Tests.Characters;
using KissChat.Tests.Fakes;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Chats;

/// <summary>
/// Messages hidden from the model (SillyTavern's <c>is_system</c>) and narration that no character says (its <c>/sys</c>
/// and <c>/comment</c> lines): kept in the chat, in and out of SillyTavern's files, and what the model reads of them.
/// </summary>
public abstract class HiddenAndNarratorTests(ChatServer server)
{
    private const string Header = """{"user_name":"You","character_name":"Mira","create_date":"2026-12-01@22h58m11s","chat_metadata":{"narrator_name":"The Bard"}}""";
    private const string Narration = """{"type":"narrator","bias":null,"gen_id":1764629000000,"isSmallSys":false,"api":"manual","model":"slash command"}""";
    private const string Comment = """{"type":"comment","gen_id":1764629100000,"isSmallSys":false,"api":"manual","model":"slash command"}""";

    private FakeModelServer Model => server.ModelServer;

    [Fact]
    public async Task AHiddenMessageStaysInTheChatButTheModelNoLongerReadsItUntilShownAgain()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        Model.Enqueue(ModelScript.Stream(["The tower is old."]));
        await ChatScenario.SendAndReadAsync(user, chatId, "Tell me of the tower.");
        Model.Enqueue(ModelScript.Stream(["Noted."]));
        await ChatScenario.SendAndReadAsync(user, chatId, "Secret: I am a spy.");
        var secret = (await ChatTransferTests.MessagesAsync(user, chatId)).Single(m => m.GetProperty("content").GetString() == "Secret: I am a spy.");
        var path = $"/api/v1/chat/{chatId}/messages/{secret.GetProperty("id").GetGuid()}";

        await (await user.Client.PatchAsJsonAsync(path, new { hidden = true })).AssertOkJsonAsync();

        var messages = await ChatTransferTests.MessagesAsync(user, chatId);
        Assert.Equal([false, false, false, true, false], messages.Select(m => m.GetProperty("hidden").GetBoolean()));
        Assert.Equal("Secret: I am a spy.", messages[3].GetProperty("content").GetString());
        Model.Enqueue(ModelScript.Stream(["A traveller."]));
        await ChatScenario.SendAndReadAsync(user, chatId, "Who am I?");
        var sent = Model.Requests[^1].Messages.Select(m => m.Content).ToList();
        Assert.DoesNotContain("Secret: I am a spy.", sent);
        var reply = (await ChatTransferTests.MessagesAsync(user, chatId))[^1].GetProperty("id").GetGuid();
        await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}/messages/{reply}", new { hidden = true })).AssertOkJsonAsync();
        var hiddenReply = await (await user.Client.PostAsync($"/api/v1/chat/{chatId}/regenerate", null)).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("hidden", hiddenReply.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var notContinued = await (await user.Client.PostAsync($"/api/v1/chat/{chatId}/continue", null)).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("hidden", notContinued.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}/messages/{reply}", new { hidden = false })).AssertOkJsonAsync();
        Assert.Contains("Tell me of the tower.", sent);
        Assert.Contains("Noted.", sent);

        // Shown again, and a branch keeps what is hidden.
        await (await user.Client.PatchAsJsonAsync(path, new { hidden = false })).AssertOkJsonAsync();
        Assert.Contains("Secret: I am a spy.", await PromptContentsAsync(user, chatId));
        await (await user.Client.PatchAsJsonAsync(path, new { hidden = true, content = "Secret: I am a thief." })).AssertOkJsonAsync();
        var branch = await (await user.Client.PostAsJsonAsync($"/api/v1/chat/{chatId}/branch", new { message_id = messages[^1].GetProperty("id").GetGuid() }))
            .AssertOkJsonAsync(HttpStatusCode.Created);
        var branched = await ChatTransferTests.MessagesAsync(user, branch.GetProperty("newChatID").GetGuid());
        Assert.Equal(("Secret: I am a thief.", true), (branched[3].GetProperty("content").GetString(), branched[3].GetProperty("hidden").GetBoolean()));
        Assert.DoesNotContain("Secret: I am a thief.", await PromptContentsAsync(user, branch.GetProperty("newChatID").GetGuid()));
    }

    [Fact]
    public async Task HidingNeedsSomethingToChangeAndIsTheOwnersAlone()
    {
        var user = await TestUser.SignUpAsync(server);
        var stranger = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var greeting = (await ChatTransferTests.MessagesAsync(user, chatId))[0].GetProperty("id").GetGuid();
        var path = $"/api/v1/chat/{chatId}/messages/{greeting}";

        var problem = await (await user.Client.PatchAsJsonAsync(path, new { })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("content", out _), problem.ToString());
        await (await user.Client.PatchAsJsonAsync(path, new { hidden = "yes" })).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await stranger.Client.PatchAsJsonAsync(path, new { hidden = true })).AssertProblemAsync(HttpStatusCode.Forbidden);

        Assert.False((await ChatTransferTests.MessagesAsync(user, chatId))[0].GetProperty("hidden").GetBoolean());
    }

    [Fact]
    public async Task SillyTavernsHiddenMessagesNarrationAndNotesComeInAsTheyWereAndGoBackOut()
    {
        var user = await TestUser.SignUpAsync(server);
        var characterId = await ChatScenario.CreateCharacterAsync(user);
        var file = Jsonl(
            Header,
            """{"name":"Mira","is_user":false,"is_system":false,"send_date":"2026-12-01@22h58m11s","mes":"Welcome!","extra":{}}""",
            """{"name":"You","is_user":true,"is_system":true,"send_date":"2026-12-01@22h59m00s","mes":"(OOC: back in five)","extra":{}}""",
            $$"""{"name":"The Bard","is_user":false,"is_system":"","send_date":"2026-12-01@23h00m00s","mes":"A storm rolls in.","force_avatar":"img/five.png","extra":{{Narration}}}""",
            $$"""{"name":"Note","is_user":false,"is_system":true,"send_date":"2026-12-01@23h01m00s","mes":"Remember the key.","force_avatar":"img/quill.png","extra":{{Comment}}}""",
            """{"name":"Mira","is_user":false,"is_system":true,"send_date":"2026-12-01@23h02m00s","mes":"A reply you hid.","swipes":["A reply you hid."],"swipe_id":0,"extra":{}}""",
            """{"name":"SillyTavern System","is_user":false,"is_system":true,"send_date":"2026-12-01@23h02m30s","mes":"Hello! Type /help for help.","force_avatar":"img/five.png","extra":{"type":"help"}}""",
            """{"name":"You","is_user":1,"is_system":0,"send_date":"2026-12-01@23h03m00s","mes":"What now?","extra":{}}""");

        var chatId = await ChatTransferTests.ImportAsync(user, characterId, file);

        var messages = await ChatTransferTests.MessagesAsync(user, chatId);
        Assert.Equal(
            [("assistant", false), ("user", true), ("narrator", false), ("narrator", true), ("assistant", true), ("narrator", true), ("user", false)],
            messages.Select(m => (m.GetProperty("role").GetString(), m.GetProperty("hidden").GetBoolean())));
        var prompt = await PromptAsync(user, chatId);
        // The model reads narration as a system message where it stands, and nothing hidden.
        Assert.Equal([("assistant", "Welcome!"), ("system", "A storm rolls in."), ("user", "What now?")], prompt.Skip(1).Select(m => (m.Role, m.Content)));

        var lines = ChatTransferTests.Lines(await ChatTransferTests.ExportAsync(user, chatId));
        Assert.Equal([false, true, false, true, true, true, false], lines.Skip(1).Select(l => (bool)l["is_system"]!));
        // Every line keeps the name it was written under, but replies, which take their character's.
        Assert.Equal(["Mira", "You", "The Bard", "Note", "Mira", "SillyTavern System", "You"], lines.Skip(1).Select(l => (string)l["name"]!));
        Assert.Equal("img/five.png", (string)lines[6]["force_avatar"]!);
        Assert.Equal(("The Bard", "img/five.png", false), ((string)lines[3]["name"]!, (string)lines[3]["force_avatar"]!, (bool)lines[3]["is_user"]!));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Narration), lines[3]["extra"]), lines[3].ToJsonString());
        Assert.Equal(("Note", "img/quill.png"), ((string)lines[4]["name"]!, (string)lines[4]["force_avatar"]!));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Comment), lines[4]["extra"]), lines[4].ToJsonString());
        Assert.Null(lines[1]["force_avatar"]);

        var again = await ChatTransferTests.ImportAsync(user, characterId, await ChatTransferTests.ExportAsync(user, chatId));
        Assert.Equal(
            messages.Select(m => (m.GetProperty("role").GetString(), m.GetProperty("content").GetString(), m.GetProperty("hidden").GetBoolean())),
            (await ChatTransferTests.MessagesAsync(user, again)).Select(m => (m.GetProperty("role").GetString(), m.GetProperty("content").GetString(), m.GetProperty("hidden").GetBoolean())));
    }

    [Fact]
    public async Task NarrationAtTheEndOfTheChatIsAnsweredLikeTheUsersMessage()
    {
        var user = await TestUser.SignUpAsync(server);
        var characterId = await ChatScenario.CreateCharacterAsync(user);
        var chatId = await ChatTransferTests.ImportAsync(user, characterId, Jsonl(
            Header,
            """{"name":"Mira","is_user":false,"is_system":false,"send_date":"2026-12-01@22h58m11s","mes":"Welcome!","extra":{}}""",
            $$"""{"name":"The Bard","is_user":false,"is_system":false,"send_date":"2026-12-01@23h00m00s","mes":"Thunder shakes the inn.","extra":{{Narration}}}"""));
        Model.Enqueue(ModelScript.Stream(["Mira", " flinches."]));

        var frames = await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Post, $"/api/v1/chat/{chatId}/regenerate"));

        Assert.Equal("Mira flinches.", ChatScenario.Tokens(frames));
        Assert.Equal(("system", "Thunder shakes the inn."), (Model.Requests[^1].Messages[^1].Role, Model.Requests[^1].Messages[^1].Content));
        Model.Enqueue(ModelScript.Stream(["Mira", " ducks."]));
        await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Post, $"/api/v1/chat/{chatId}/regenerate"));
        var messages = await ChatTransferTests.MessagesAsync(user, chatId);
        Assert.Equal(["assistant", "narrator", "assistant"], messages.Select(m => m.GetProperty("role").GetString()));
        // The reply to narration is a reply like any other: it can be swiped.
        Assert.Equal(["Mira flinches.", "Mira ducks."], messages[2].GetProperty("swipes").EnumerateArray().Select(t => t.GetString()));
        // Narration is nobody's reply: it has no swipes to choose from.
        await (await user.Client.PutAsJsonAsync($"/api/v1/chat/{chatId}/messages/{messages[1].GetProperty("id").GetGuid()}/swipe", new { index = 0 }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task NarrationAndMyMessagesCanBeAddedWithoutAReplyAndAreAnsweredOnRequest()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var asked = Model.Requests.Count;

        var narration = (await (await user.Client.PostAsJsonAsync($"/api/v1/chat/{chatId}/messages", new { role = "narrator", content = "Night falls on the inn." }))
            .AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("data");
        await (await user.Client.PostAsJsonAsync($"/api/v1/chat/{chatId}/messages", new { content = "I wait by the fire." })).AssertOkJsonAsync(HttpStatusCode.Created);
        await (await user.Client.PostAsJsonAsync($"/api/v1/chat/{chatId}/messages", new { role = "narrator", content = "(OOC: keep it short)", hidden = true }))
            .AssertOkJsonAsync(HttpStatusCode.Created);

        Assert.Equal(("narrator", 2, false), (narration.GetProperty("role").GetString(), narration.GetProperty("seq").GetInt32(), narration.GetProperty("hidden").GetBoolean()));
        Assert.Equal(asked, Model.Requests.Count);
        var messages = await ChatTransferTests.MessagesAsync(user, chatId);
        Assert.Equal([("assistant", false), ("narrator", false), ("user", false), ("narrator", true)], messages.Select(m => (m.GetProperty("role").GetString(), m.GetProperty("hidden").GetBoolean())));
        Assert.Equal(narration.GetProperty("id").GetGuid(), messages[1].GetProperty("id").GetGuid());

        Model.Enqueue(ModelScript.Stream(["Mira", " stokes", " the", " fire."]));
        var frames = await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Post, $"/api/v1/chat/{chatId}/regenerate"));
        Assert.Equal("Mira stokes the fire.", ChatScenario.Tokens(frames));
        Assert.Equal([("system", "Night falls on the inn."), ("user", "I wait by the fire.")], Model.Requests[^1].Messages.TakeLast(2).Select(m => (m.Role, m.Content)));

        // In SillyTavern's file, narration made here is SillyTavern's own kind.
        var lines = ChatTransferTests.Lines(await ChatTransferTests.ExportAsync(user, chatId));
        Assert.Equal(("System", "img/five.png", false), ((string)lines[2]["name"]!, (string)lines[2]["force_avatar"]!, (bool)lines[2]["is_system"]!));
        Assert.Equal("narrator", (string)lines[2]["extra"]!["type"]!);
        Assert.True((bool)lines[4]["is_system"]!);
    }

    [Fact]
    public async Task AnAddedMessageIsCheckedAndOnlyTheOwnersChatTakesIt()
    {
        var user = await TestUser.SignUpAsync(server);
        var stranger = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var path = $"/api/v1/chat/{chatId}/messages";

        var role = await (await user.Client.PostAsJsonAsync(path, new { role = "assistant", content = "I say so." })).AssertProblemAsync(HttpStatusCode.BadRequest);
        var blank = await (await user.Client.PostAsJsonAsync(path, new { content = "  " })).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await stranger.Client.PostAsJsonAsync(path, new { content = "Let me in." })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await user.Client.PostAsJsonAsync($"/api/v1/chat/{Guid.NewGuid()}/messages", new { content = "Anyone?" })).AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.True(role.GetProperty("errors").TryGetProperty("role", out _), role.ToString());
        Assert.True(blank.GetProperty("errors").TryGetProperty("content", out _), blank.ToString());
        Assert.Single(await ChatTransferTests.MessagesAsync(user, chatId));
    }

    [Fact]
    public async Task AGroupChatsNarrationComesInWithoutASpeaker()
    {
        var user = await TestUser.SignUpAsync(server);
        var (ann, ben) = (await CharacterApi.CreateIdAsync(user, new { name = "Ann", personality = "Ann is here." }), await CharacterApi.CreateIdAsync(user, new { name = "Ben", personality = "Ben is here." }));
        var form = ChatTransferTests.Form(null, Jsonl(
            Header,
            """{"name":"Ann","is_user":false,"is_system":false,"send_date":"2026-12-01@22h58m11s","mes":"Hello from Ann.","extra":{}}""",
            $$"""{"name":"System","is_user":false,"is_system":false,"send_date":"2026-12-01@23h00m00s","mes":"The lights go out.","extra":{{Narration}}}""",
            """{"name":"SillyTavern System","is_user":false,"is_system":true,"send_date":"2026-12-01@23h00m30s","mes":"Group chat started.","extra":{"type":"generic"}}""",
            """{"name":"Ben","is_user":false,"is_system":false,"send_date":"2026-12-01@23h01m00s","mes":"Who did that?","extra":{}}"""));
        form.Add(new StringContent($"{ann},{ben}"), "character_ids");

        var chatId = (await (await user.Client.PostAsync("/api/v1/chat/import", form)).AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("newChatID").GetGuid();

        Assert.Equal(
            [("assistant", "Ann"), ("narrator", null), ("narrator", null), ("assistant", "Ben")],
            (await ChatTransferTests.MessagesAsync(user, chatId)).Select(m => (m.GetProperty("role").GetString(), m.GetProperty("character_name").GetString())));
        var exported = ChatTransferTests.Lines(await ChatTransferTests.ExportAsync(user, chatId));
        Assert.Equal(["Ann", "System", "SillyTavern System", "Ben"], exported.Select(l => (string)l["name"]!));
    }

    private static async Task<List<RecordedMessage>> PromptAsync(TestUser user, Guid chatId) =>
        [.. (await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/prompt")).AssertOkJsonAsync()).GetProperty("data").GetProperty("messages").EnumerateArray()
            .Select(m => new RecordedMessage(m.GetProperty("role").GetString()!, m.GetProperty("content").GetString()!))];

    private static async Task<List<string>> PromptContentsAsync(TestUser user, Guid chatId) => [.. (await PromptAsync(user, chatId)).Select(m => m.Content)];

    private static byte[] Jsonl(params string[] lines) => Encoding.UTF8.GetBytes(string.Join('\n', lines));
}

public sealed class HiddenAndNarratorTestsOnSqlite(SqliteChatServer server) : HiddenAndNarratorTests(server), IClassFixture<SqliteChatServer>;

public sealed class HiddenAndNarratorTestsOnPostgres(PostgresChatServer server) : HiddenAndNarratorTests(server), IClassFixture<PostgresChatServer>;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KissChat.Tests.Fakes;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Chats;

/// <summary>
/// A thinking model's reasoning streams as <c>reasoning</c> frames before the reply's tokens, is kept with the reply it
/// led to (each swipe its own) and is never sent back to the model.
/// </summary>
public abstract class ReasoningTests(ChatServer server)
{
    private FakeModelServer Model => server.ModelServer;

    [Theory]
    [InlineData("reasoning_content")]
    [InlineData("reasoning")]
    public async Task TheReasoningStreamsAsItsOwnFramesAndIsKeptWithTheReply(string field)
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        Model.Enqueue(ModelScript.ThinkThenStream(field, ["The guest ", "looks tired."], TimeSpan.Zero, ["Welcome", ", rest here."]));

        var frames = await ChatScenario.SendAndReadAsync(user, chatId, "A room, please.");

        Assert.Equal(["connected", "processing", "reasoning", "reasoning", "token", "token", "completed"], frames.SkipLast(1).Select(f => f.Status));
        Assert.Equal(Enumerable.Range(1, frames.Count).Select(i => (int?)i), frames.Select(f => f.Id));
        Assert.Equal("The guest looks tired.", Reasoning(frames));
        Assert.Equal("Welcome, rest here.", ChatScenario.Tokens(frames));
        var completed = frames[^2].Json;
        Assert.Equal("Welcome, rest here.", completed.GetProperty("response").GetString());
        Assert.Equal("The guest looks tired.", completed.GetProperty("reasoning").GetString());
        var reply = await LastMessageAsync(user, chatId);
        Assert.Equal(("Welcome, rest here.", "The guest looks tired."), (reply.GetProperty("content").GetString(), reply.GetProperty("reasoning").GetString()));

        await ChatScenario.SendAndReadAsync(user, chatId, "Thank you.");

        Assert.DoesNotContain(Model.Requests[^1].Messages, m => m.Content.Contains("tired", StringComparison.Ordinal));
    }

    /// <summary>A server without a reasoning parser writes the reasoning into the reply, in a block that opens it.</summary>
    [Fact]
    public async Task AThinkBlockOpeningTheReplyIsReasoningAndStaysOutOfTheReplyAndTheNextPrompt()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        Model.Enqueue(ModelScript.Stream(["<think>\nThe guest", " looks tired.</th", "ink>\n\nWelcome", ", rest here."]));

        var frames = await ChatScenario.SendAndReadAsync(user, chatId, "A room, please.");
        Model.Enqueue(ModelScript.Stream(["Sleep well. <think> is how I write it."]));
        await ChatScenario.SendAndReadAsync(user, chatId, "Thank you.");

        Assert.Equal(["reasoning", "reasoning", "token", "token"], frames.Where(f => !f.IsDone && f.Json.TryGetProperty("delta", out _)).Select(f => f.Status));
        Assert.Equal("The guest looks tired.", Reasoning(frames));
        Assert.Equal("Welcome, rest here.", ChatScenario.Tokens(frames));
        Assert.DoesNotContain(Model.Requests[^1].Messages, m => m.Content.Contains("tired", StringComparison.Ordinal));
        // Only a block that opens the reply is reasoning.
        var last = await LastMessageAsync(user, chatId);
        Assert.Equal(("Sleep well. <think> is how I write it.", JsonValueKind.Null), (last.GetProperty("content").GetString(), last.GetProperty("reasoning").ValueKind));
    }

    [Fact]
    public async Task AFinishedStreamReplaysItsReasoningFramesFromAnyId()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        Model.Enqueue(ModelScript.ThinkThenStream("reasoning", ["one, ", "two, ", "three"], TimeSpan.Zero, ["Four", "!"]));
        var original = await ChatScenario.SendAndReadAsync(user, chatId, "Count.");
        var path = $"/api/v1/chat/stream/{ChatScenario.JobId(original)}";

        // The finished job's frames are rebuilt from its stored text, the reasoning's pieces told apart from the reply's.
        var replay = await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Get, path));
        var midReasoning = await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Get, path, lastEventId: 3));

        Assert.Equal(original, replay);
        Assert.Equal(original.Where(f => f.Id > 3), midReasoning);
        Assert.Equal(["reasoning", "reasoning", "token", "token", "completed"], midReasoning.SkipLast(1).Select(f => f.Status));
    }

    [Fact]
    public async Task EachSwipeKeepsItsOwnReasoningAndAReplyWithoutAnyHasNone()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        Model.Enqueue(ModelScript.ThinkThenStream("reasoning_content", ["first thought"], TimeSpan.Zero, ["first take"]));
        await ChatScenario.SendAndReadAsync(user, chatId, "Tell me a joke.");
        Model.Enqueue(ModelScript.Stream(["second take"]));
        await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Post, $"/api/v1/chat/{chatId}/regenerate"));

        var second = await LastMessageAsync(user, chatId);
        Assert.Equal(JsonValueKind.Null, second.GetProperty("reasoning").ValueKind);
        await (await user.Client.PutAsJsonAsync($"/api/v1/chat/{chatId}/messages/{second.GetProperty("id")}/swipe", new { index = 0 })).AssertOkJsonAsync();

        var first = await LastMessageAsync(user, chatId);
        Assert.Equal(("first take", "first thought"), (first.GetProperty("content").GetString(), first.GetProperty("reasoning").GetString()));
    }

    [Fact]
    public async Task AContinuationsReasoningFollowsTheReasoningItsMessageHad()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        Model.Enqueue(ModelScript.ThinkThenStream("reasoning", ["Start slowly."], TimeSpan.Zero, ["Once upon"]));
        await ChatScenario.SendAndReadAsync(user, chatId, "A story?");
        Model.Enqueue(ModelScript.ThinkThenStream("reasoning", ["Then go on."], TimeSpan.Zero, [" a time."]));

        await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Post, $"/api/v1/chat/{chatId}/continue"));

        var reply = await LastMessageAsync(user, chatId);
        Assert.Equal(("Once upon a time.", "Start slowly.\n\nThen go on."), (reply.GetProperty("content").GetString(), reply.GetProperty("reasoning").GetString()));
    }

    [Fact]
    public async Task AReplysReasoningCanBeRewrittenOrRemovedEachSwipeKeepingItsOwn()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        Model.Enqueue(ModelScript.ThinkThenStream("reasoning", ["first thought"], TimeSpan.Zero, ["first take"]));
        await ChatScenario.SendAndReadAsync(user, chatId, "Tell me a joke.");
        Model.Enqueue(ModelScript.ThinkThenStream("reasoning", ["second thought"], TimeSpan.Zero, ["second take"]));
        await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Post, $"/api/v1/chat/{chatId}/regenerate"));
        var reply = await LastMessageAsync(user, chatId);
        var path = $"/api/v1/chat/{chatId}/messages/{reply.GetProperty("id").GetGuid()}";

        await (await user.Client.PatchAsJsonAsync(path, new { reasoning = "a better thought" })).AssertOkJsonAsync();
        var rewritten = await LastMessageAsync(user, chatId);
        await (await user.Client.PutAsJsonAsync($"{path}/swipe", new { index = 0 })).AssertOkJsonAsync();
        var first = await LastMessageAsync(user, chatId);
        await (await user.Client.PatchAsJsonAsync(path, new { reasoning = "" })).AssertOkJsonAsync();
        var removed = await LastMessageAsync(user, chatId);
        await (await user.Client.PutAsJsonAsync($"{path}/swipe", new { index = 1 })).AssertOkJsonAsync();
        var second = await LastMessageAsync(user, chatId);

        Assert.Equal(("second take", "a better thought"), (rewritten.GetProperty("content").GetString(), rewritten.GetProperty("reasoning").GetString()));
        Assert.Equal("first thought", first.GetProperty("reasoning").GetString());
        Assert.Equal(("first take", JsonValueKind.Null), (removed.GetProperty("content").GetString(), removed.GetProperty("reasoning").ValueKind));
        Assert.Equal("a better thought", second.GetProperty("reasoning").GetString());
    }

    [Fact]
    public async Task ReasoningIsAReplysAndKeepsToTheLimitsOfAMessage()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        await ChatScenario.SendAndReadAsync(user, chatId, "Hello.");
        var messages = (await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/messages")).AssertOkJsonAsync()).GetProperty("data");
        var mine = messages.EnumerateArray().Single(m => m.GetProperty("role").GetString() == "user").GetProperty("id").GetGuid();
        var reply = messages[messages.GetArrayLength() - 1].GetProperty("id").GetGuid();

        var onMine = await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}/messages/{mine}", new { reasoning = "mine" });
        var withNul = await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}/messages/{reply}", new { reasoning = "a\0b" });

        Assert.Contains("'reasoning'", (await onMine.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.True((await withNul.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("reasoning", out _));
        Assert.Equal(JsonValueKind.Null, (await LastMessageAsync(user, chatId)).GetProperty("reasoning").ValueKind);
    }

    [Fact]
    public async Task AModelThatOnlyReasonsFailsClearlyAndStoresNothing()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        Model.Enqueue(ModelScript.ThinkThenStream("reasoning", ["Thinking ", "and thinking"], TimeSpan.Zero, []));

        var frames = await ChatScenario.SendAndReadAsync(user, chatId, "Hello?");

        Assert.Equal("failed", frames[^2].Status);
        Assert.Contains("only reasoned", frames[^2].Json.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("user", (await LastMessageAsync(user, chatId)).GetProperty("role").GetString());
    }

    [Fact]
    public async Task AStreamCutAfterItsReasoningFailsWithoutATryThatWouldRepeatIt()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        Model.Enqueue(ModelScript.ThinkThenCut("reasoning", ["I should ", "say hi."]));

        var frames = await ChatScenario.SendAndReadAsync(user, chatId, "Anyone there?");

        Assert.Equal("failed", frames[^2].Status);
        Assert.Contains("cut off", frames[^2].Json.GetProperty("error").GetString(), StringComparison.Ordinal);
        // A second try would stream its reasoning after the first one's, which the reader already has.
        Assert.Single(Model.Requests, r => r.Messages[^1].Content == "Anyone there?");
        Assert.Equal("I should say hi.", Reasoning(frames));
    }

    [Fact]
    public async Task ABranchKeepsTheReasoningOfItsReplies()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        Model.Enqueue(ModelScript.ThinkThenStream("reasoning", ["Be kind."], TimeSpan.Zero, ["Hello there."]));
        await ChatScenario.SendAndReadAsync(user, chatId, "Hi.");
        var reply = await LastMessageAsync(user, chatId);

        var branch = await (await user.Client.PostAsJsonAsync($"/api/v1/chat/{chatId}/branch", new { message_id = reply.GetProperty("id").GetGuid() }))
            .AssertOkJsonAsync(HttpStatusCode.Created);

        var copied = await LastMessageAsync(user, branch.GetProperty("newChatID").GetGuid());
        Assert.Equal("Be kind.", copied.GetProperty("reasoning").GetString());
    }

    private static string Reasoning(IEnumerable<SseFrame> frames) =>
        string.Concat(frames.Where(f => !f.IsDone && f.Status == "reasoning").Select(f => f.Json.GetProperty("delta").GetString()));

    private static async Task<JsonElement> LastMessageAsync(TestUser user, Guid chatId) =>
        (await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/messages?limit=1")).AssertOkJsonAsync()).GetProperty("data")[0];
}

public sealed class ReasoningTestsOnSqlite(SqliteChatServer server) : ReasoningTests(server), IClassFixture<SqliteChatServer>;

public sealed class ReasoningTestsOnPostgres(PostgresChatServer server) : ReasoningTests(server), IClassFixture<PostgresChatServer>;

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

    /// <summary>
    /// Found by two reviews: a reply cut before its first text token was lost, reasoning and all. It is kept as a reply
    /// with no text, which the exports carry as such.
    /// </summary>
    [Fact]
    public async Task AStreamCutAfterItsReasoningIsKeptWithoutTextAndFailsWithoutATryThatWouldRepeatIt()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        Model.Enqueue(ModelScript.ThinkThenCut("reasoning", ["I should ", "say hi."]));

        var frames = await ChatScenario.SendAndReadAsync(user, chatId, "Anyone there?");

        Assert.Equal("failed", frames[^2].Status);
        Assert.Contains("cut off", frames[^2].Json.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("The reply so far was kept", frames[^2].Json.GetProperty("error").GetString(), StringComparison.Ordinal);
        // A second try would stream its reasoning after the first one's, which the reader already has.
        Assert.Single(Model.Requests, r => r.Messages[^1].Content == "Anyone there?");
        Assert.Equal("I should say hi.", Reasoning(frames));
        Assert.Equal((string.Empty, "I should say hi."), (frames[^2].Json.GetProperty("response").GetString(), frames[^2].Json.GetProperty("reasoning").GetString()));
        var kept = await LastMessageAsync(user, chatId);
        Assert.Equal(
            (frames[^2].Json.GetProperty("message_id").GetString(), "assistant", string.Empty, "interrupted", "I should say hi."),
            (kept.GetProperty("id").GetString(), kept.GetProperty("role").GetString(), kept.GetProperty("content").GetString(), kept.GetProperty("status").GetString(), kept.GetProperty("reasoning").GetString()));
        var line = ChatTransferTests.Lines(await ChatTransferTests.ExportAsync(user, chatId))[^1];
        Assert.Equal((string.Empty, "I should say hi."), ((string?)line["mes"], (string?)line["extra"]!["reasoning"]));
        var markdown = await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/export.md")).Content.ReadAsStringAsync();
        Assert.Contains("<details><summary>Reasoning</summary>\n\nI should say hi.\n\n</details>\n\n**Mira:** \n\n*(interrupted)*", markdown.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    /// <summary>Found by two reviews: a reply stopped before its first text token was lost, reasoning and all.</summary>
    [Fact]
    public async Task AReplyStoppedWhileItsModelOnlyReasonedKeepsItsReasoningAndLaterPromptsLeaveItOut()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var release = new TaskCompletionSource();
        Model.Enqueue(ModelScript.ThinkThenHold("reasoning", ["Let me ", "think."], release.Task));
        using var response = await ChatScenario.SendAsync(user, chatId, "Is anyone in?");
        var frames = new List<SseFrame>();
        var stopped = false;
        await foreach (var frame in Sse.ReadAsync(response))
        {
            frames.Add(frame);
            if (!stopped && Reasoning(frames) == "Let me think.")
            {
                stopped = true;
                await (await user.Client.PostAsync($"/api/v1/chat/stop/{ChatScenario.JobId(frames)}", null)).AssertOkJsonAsync(HttpStatusCode.Accepted);
            }
        }

        release.SetResult();
        var end = frames[^2].Json;
        Assert.Equal(("stopped", string.Empty, "Let me think."), (frames[^2].Status, end.GetProperty("response").GetString(), end.GetProperty("reasoning").GetString()));
        var kept = await LastMessageAsync(user, chatId);
        Assert.Equal(
            (end.GetProperty("message_id").GetString(), string.Empty, "stopped", "Let me think."),
            (kept.GetProperty("id").GetString(), kept.GetProperty("content").GetString(), kept.GetProperty("status").GetString(), kept.GetProperty("reasoning").GetString()));

        Model.Enqueue(ModelScript.Stream(["Yes, here."]));
        var next = await ChatScenario.SendAndReadAsync(user, chatId, "Hello?");

        Assert.Equal("completed", next[^2].Status);
        // Some providers refuse an empty assistant message: the prompt goes from the one user message to the next.
        var sent = Model.Requests[^1].Messages;
        Assert.DoesNotContain(sent, m => m.Content.Length == 0);
        Assert.Equal([("user", "Is anyone in?"), ("user", "Hello?")], sent.TakeLast(2).Select(m => (m.Role, m.Content)));
    }

    /// <summary>A reply with no text has nothing to extend: its continuation writes it, as a reply to the message before it is written.</summary>
    [Fact]
    public async Task ContinuingAReplyWithoutTextWritesItFromTheMessageItAnswers()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        Model.Enqueue(ModelScript.ThinkThenCut("reasoning", ["I should say hi."]));
        await ChatScenario.SendAndReadAsync(user, chatId, "Anyone home?");
        var kept = await LastMessageAsync(user, chatId);
        Model.Enqueue(ModelScript.ThinkThenStream("reasoning", ["Now say it."], TimeSpan.Zero, ["Hi!"]));

        var frames = await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Post, $"/api/v1/chat/{chatId}/continue"));

        Assert.Equal(("completed", "Hi!"), (frames[^2].Status, frames[^2].Json.GetProperty("response").GetString()));
        var sent = Model.Requests[^1].Messages;
        Assert.Equal(("user", "Anyone home?"), (sent[^1].Role, sent[^1].Content));
        Assert.DoesNotContain(sent, m => m.Content.Length == 0 || m.Content.Contains("Continue your last message", StringComparison.Ordinal));
        var reply = await LastMessageAsync(user, chatId);
        Assert.Equal(
            (kept.GetProperty("id").GetString(), "Hi!", "complete", "I should say hi.\n\nNow say it."),
            (reply.GetProperty("id").GetString(), reply.GetProperty("content").GetString(), reply.GetProperty("status").GetString(), reply.GetProperty("reasoning").GetString()));
    }

    [Fact]
    public async Task RegeneratingAReplyWithoutTextMakesANewSwipeAndKeepsItAsOneToSwitchBackTo()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        Model.Enqueue(ModelScript.ThinkThenCut("reasoning", ["I should say hi."]));
        await ChatScenario.SendAndReadAsync(user, chatId, "Hello, anyone?");
        Model.Enqueue(ModelScript.Stream(["Hi!"]));

        await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Post, $"/api/v1/chat/{chatId}/regenerate"));

        Assert.Equal(("user", "Hello, anyone?"), (Model.Requests[^1].Messages[^1].Role, Model.Requests[^1].Messages[^1].Content));
        var reply = await LastMessageAsync(user, chatId);
        Assert.Equal(("Hi!", "complete", JsonValueKind.Null), (reply.GetProperty("content").GetString(), reply.GetProperty("status").GetString(), reply.GetProperty("reasoning").ValueKind));
        Assert.Equal([string.Empty, "Hi!"], reply.GetProperty("swipes").EnumerateArray().Select(s => s.GetString()));
        await (await user.Client.PutAsJsonAsync($"/api/v1/chat/{chatId}/messages/{reply.GetProperty("id")}/swipe", new { index = 0 })).AssertOkJsonAsync();
        var first = await LastMessageAsync(user, chatId);
        Assert.Equal((string.Empty, "interrupted", "I should say hi."), (first.GetProperty("content").GetString(), first.GetProperty("status").GetString(), first.GetProperty("reasoning").GetString()));
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

using System.Text.Json;
using System.Net;
using System.Net.Http.Json;
using KissChat.Inference.OpenAiCompatible;
using KissChat.Tests.Fakes;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Chats;

/// <summary>Provider trouble must end as a clear failed frame, never as a silently empty reply; what streamed before it is kept, marked.</summary>
public abstract class ChatFailureTests(ChatServer server)
{
    private FakeModelServer Model => server.ModelServer;

    // Whole messages: users read what failed and what to try, in full sentences, and never the provider's own text.
    public static TheoryData<string, string> Failures => new()
    {
        { "500", "The model provider is having trouble (HTTP 500). Try again in a moment." },
        { "hang", "The model provider did not respond within 3 s. Try again in a moment." },
        { "empty", "The model returned an empty reply. Try again, or rephrase your message." },
        { "400", "The model provider rejected the request (HTTP 400). Try a shorter message or another model." },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task ProviderFailuresEndTheStreamWithAClearErrorAndStoreNoReply(string failure, string expectedError)
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var requestsBefore = Model.Requests.Count;
        foreach (var script in Scripts(failure))
        {
            Model.Enqueue(script);
        }

        var frames = await ChatScenario.SendAndReadAsync(user, chatId, $"trigger {failure}");

        var failed = frames[^2];
        Assert.Equal("failed", failed.Status);
        Assert.Equal(expectedError, failed.Json.GetProperty("error").GetString());
        Assert.True(frames[^1].IsDone);
        Assert.DoesNotContain(frames, f => !f.IsDone && f.Status == "completed");
        var status = await ChatScenario.WaitForJobAsync(user, ChatScenario.JobId(frames));
        Assert.Equal("failed", status.GetProperty("status").GetString());
        Assert.False(status.GetProperty("result").GetProperty("success").GetBoolean());
        Assert.Equal(failed.Json.GetProperty("error").GetString(), status.GetProperty("error").GetString());
        Assert.True(Model.Requests.Count > requestsBefore);

        // The user's message stayed and no reply was stored: the next turn shows exactly that.
        var next = await ChatScenario.SendAndReadAsync(user, chatId, "still there?");
        var history = next[^2].Json.GetProperty("chatHistory").EnumerateArray().Select(m => m.GetProperty("content").GetString()).ToList();
        Assert.Equal([ChatScenario.Greeting, $"trigger {failure}", "still there?", "Hello from the fake model."], history);
    }

    /// <summary>A reply of nothing but blank lines fails with no token frame before it, where a client showed an empty bubble first.</summary>
    [Theory]
    [InlineData(false, "The model returned an empty reply.")]
    [InlineData(true, "The model only reasoned and wrote no reply")]
    public async Task AReplyOfBlanksAloneFailsWithNoTokenFrameBeforeIt(bool reasoned, string error)
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        Model.Enqueue(ModelScript.Stream(reasoned ? ["<think>Hmm.</think>", "\n", "\n"] : ["\n", "\n"]));

        var frames = await ChatScenario.SendAndReadAsync(user, chatId, "Hello?");

        Assert.Equal(("failed", true), (frames[^2].Status, frames[^1].IsDone));
        Assert.StartsWith(error, frames[^2].Json.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(frames, f => !f.IsDone && f.Status == "token");
    }

    /// <summary>A reply cut off by its provider keeps what the user saw stream, marked, for Continue to finish (as SillyTavern keeps it).</summary>
    [Theory]
    [InlineData("cut", "partial text", "The model's stream was cut off before it finished. Try again.")]
    [InlineData("malformed", "half", "The model provider sent a malformed stream chunk. Try again, or choose another model.")]
    [InlineData("endless", "half", "The model provider sent a malformed stream chunk. Try again, or choose another model.")]
    public async Task WhatStreamedBeforeAProviderFailureIsKeptMarkedInterruptedAndContinueFinishesIt(string failure, string streamed, string providerError)
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        foreach (var script in Scripts(failure))
        {
            Model.Enqueue(script);
        }

        var frames = await ChatScenario.SendAndReadAsync(user, chatId, $"trigger {failure}");
        var failed = frames[^2];
        var job = await ChatScenario.WaitForJobAsync(user, ChatScenario.JobId(frames));
        var kept = (await ChatTransferTests.MessagesAsync(user, chatId))[^1];
        Model.Enqueue(ModelScript.Stream([" and the rest."]));
        var continued = await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Post, $"/api/v1/chat/{chatId}/continue"));
        var finished = (await ChatTransferTests.MessagesAsync(user, chatId))[^1];
        var active = await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/active")).AssertOkJsonAsync();

        Assert.Equal(streamed, ChatScenario.Tokens(frames));
        Assert.Equal(("failed", $"{providerError} The reply so far was kept: continue or regenerate it."), (failed.Status, failed.Json.GetProperty("error").GetString()));
        Assert.Equal(streamed, failed.Json.GetProperty("response").GetString());
        Assert.Equal(("failed", false, streamed), (job.GetProperty("status").GetString(), job.GetProperty("result").GetProperty("success").GetBoolean(), job.GetProperty("result").GetProperty("response").GetString()));
        Assert.Equal((failed.Json.GetProperty("message_id").GetString(), streamed, "interrupted"), (kept.GetProperty("id").GetString(), kept.GetProperty("content").GetString(), kept.GetProperty("status").GetString()));
        Assert.Equal("completed", continued[^2].Status);
        Assert.Equal((kept.GetProperty("id").GetString(), $"{streamed} and the rest.", "complete"), (finished.GetProperty("id").GetString(), finished.GetProperty("content").GetString(), finished.GetProperty("status").GetString()));
        // The failure is no longer the chat's news once its kept text was finished.
        Assert.Equal(JsonValueKind.Null, active.GetProperty("last_failure").ValueKind);
    }

    /// <summary>Found by a helper: a kept reply finished by hand still said it was interrupted, and its Markdown export so.</summary>
    [Fact]
    public async Task AnInterruptedReplyEditedByHandIsComplete()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        foreach (var script in Scripts("cut"))
        {
            Model.Enqueue(script);
        }

        await ChatScenario.SendAndReadAsync(user, chatId, "trigger cut");
        var kept = (await ChatTransferTests.MessagesAsync(user, chatId))[^1];
        Assert.Equal("interrupted", kept.GetProperty("status").GetString());

        await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}/messages/{kept.GetProperty("id").GetString()}", new { content = "partial text, finished by hand." })).AssertOkJsonAsync();

        var edited = (await ChatTransferTests.MessagesAsync(user, chatId))[^1];
        Assert.Equal(("partial text, finished by hand.", "complete"), (edited.GetProperty("content").GetString(), edited.GetProperty("status").GetString()));
        var markdown = await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/export.md")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("interrupted", markdown, StringComparison.Ordinal);
    }

    /// <summary>Whoever was away when a reply failed (a closed tab, another device) learns it from the chat, until the next reply.</summary>
    [Fact]
    public async Task AChatSaysItsLastReplyFailedUntilAnotherOneIsWritten()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var before = (await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/active")).AssertOkJsonAsync()).GetProperty("last_failure");
        Model.Enqueue(ModelScript.Status(400, "no"));

        var frames = await ChatScenario.SendAndReadAsync(user, chatId, "this one fails");
        var failed = (await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/active")).AssertOkJsonAsync()).GetProperty("last_failure");
        Model.Enqueue(ModelScript.Stream(["fine now"]));
        await ChatScenario.SendAndReadAsync(user, chatId, "and this one works");
        var after = (await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/active")).AssertOkJsonAsync()).GetProperty("last_failure");

        Assert.Equal(JsonValueKind.Null, before.ValueKind);
        Assert.Equal(frames[^2].Json.GetProperty("error").GetString(), failed.GetProperty("error").GetString());
        Assert.Equal(ChatScenario.JobId(frames), failed.GetProperty("job_id").GetGuid());
        Assert.Equal(JsonValueKind.Null, after.ValueKind);
    }

    [Fact]
    public async Task OneTransientErrorIsRetriedAndTheReplyStillArrives()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        Model.Enqueue(ModelScript.Status(503, "overloaded"));
        Model.Enqueue(ModelScript.Stream(["recovered"]));

        var frames = await ChatScenario.SendAndReadAsync(user, chatId, "please work");

        Assert.Equal("completed", frames[^2].Status);
        Assert.Equal("recovered", frames[^2].Json.GetProperty("response").GetString());
    }

    /// <summary>A model that ignores its token limit (one unbroken megabyte, say) is cut, not stored whole and counted at every later turn.</summary>
    [Fact]
    public async Task AReplyFarPastItsTokenLimitEndsAtSixteenCharactersAToken()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        Model.Enqueue(ModelScript.Stream(["Hello ", new string('a', 3_000), "never sent"]));

        var frames = await ChatScenario.SendAndReadAsync(user, chatId, "go on forever", new { max_tokens = 100 });

        Assert.Equal("completed", frames[^2].Status);
        Assert.Equal("Hello " + new string('a', 1_600 - 6), frames[^2].Json.GetProperty("response").GetString());
        Assert.Equal(1_600, string.Concat(frames.Where(f => !f.IsDone && f.Status == "token").Select(f => f.Json.GetProperty("delta").GetString())).Length);
        var stored = await ChatTransferTests.MessagesAsync(user, chatId);
        Assert.Equal(1_600, stored[^1].GetProperty("content").GetString()!.Length);
        Assert.Equal("length", frames[^2].Json.GetProperty("finish_reason").GetString());
    }

    /// <summary>A reply cut by its length limit or a filter is kept, and its end says so, where a whole one says nothing.</summary>
    [Theory]
    [InlineData("length")]
    [InlineData("content_filter")]
    public async Task AReplyCutShortSaysWhyInItsCompletedFrame(string reason)
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        Model.Enqueue(ModelScript.StreamThenData(["Once", " upon"], $$"""{"choices":[{"index":0,"delta":{},"finish_reason":"{{reason}}"}]}"""));
        Model.Enqueue(ModelScript.Stream(["The end."]));

        var cut = await ChatScenario.SendAndReadAsync(user, chatId, "a long story");
        var whole = await ChatScenario.SendAndReadAsync(user, chatId, "a short one");

        Assert.Equal(("completed", "Once upon", reason), (cut[^2].Status, cut[^2].Json.GetProperty("response").GetString(), cut[^2].Json.GetProperty("finish_reason").GetString()));
        Assert.False(whole[^2].Json.TryGetProperty("finish_reason", out _));
    }

    [Fact]
    public async Task AContentFilterThatLetsNothingThroughSaysSo()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        Model.Enqueue(ModelScript.StreamThenData([], """{"choices":[{"index":0,"delta":{},"finish_reason":"content_filter"}]}"""));

        var frames = await ChatScenario.SendAndReadAsync(user, chatId, "something filtered");

        Assert.Equal("failed", frames[^2].Status);
        Assert.Equal("The model provider's content filter held the reply back. Try rephrasing your message, or another model.", frames[^2].Json.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData(JsonReplyShape.OpenAi)]
    [InlineData(JsonReplyShape.Ollama)]
    [InlineData(JsonReplyShape.Plain)]
    public async Task ANonStreamingJsonReplyInAnyOfTheSeedsShapesIsAccepted(JsonReplyShape shape)
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        Model.Enqueue(ModelScript.JsonReply(shape, $"whole reply as {shape}"));

        var frames = await ChatScenario.SendAndReadAsync(user, chatId, "no streaming please");

        Assert.Equal("completed", frames[^2].Status);
        Assert.Equal($"whole reply as {shape}", frames[^2].Json.GetProperty("response").GetString());
        Assert.Equal($"whole reply as {shape}", ChatScenario.Tokens(frames));
    }

    /// <summary>
    /// Found by a review: an event stream's lines are capped, but a body that is none (a server that ignores
    /// <c>stream: true</c>) was read whole however long it was. It is held to the same cap, and refused over it.
    /// </summary>
    [Fact]
    public async Task ANonStreamingJsonReplyLongerThanAnEventMayBeIsRefused()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        Model.Enqueue(ModelScript.JsonReply(JsonReplyShape.OpenAi, new string('a', RewrittenEventStream.MaxLine + 1)));

        var frames = await ChatScenario.SendAndReadAsync(user, chatId, "no streaming, and a lot of it");

        Assert.Equal(
            ("failed", "The model provider sent a reply too large to read. Try again, or choose another model."),
            (frames[^2].Status, frames[^2].Json.GetProperty("error").GetString()));
        Assert.Empty(ChatScenario.Tokens(frames));
    }

    private static IEnumerable<ModelScript> Scripts(string failure) => failure switch
    {
        // Transient failures get one retry, so script two of them.
        "500" => Enumerable.Repeat(ModelScript.Status(500, "boom"), 2),
        "hang" => Enumerable.Repeat(ModelScript.Hang(), 2),
        "cut" => [ModelScript.CutAfter(["partial ", "text"])],
        "malformed" => [ModelScript.MalformedAfter(["half"])],
        "endless" => [ModelScript.EndlessLineAfter(["half"])],
        "empty" => [ModelScript.Stream([])],
        "400" => [ModelScript.Status(400, "bad request")],
        _ => throw new ArgumentOutOfRangeException(nameof(failure)),
    };
}

public sealed class ChatFailureTestsOnSqlite(SqliteChatServer server) : ChatFailureTests(server), IClassFixture<SqliteChatServer>;

public sealed class ChatFailureTestsOnPostgres(PostgresChatServer server) : ChatFailureTests(server), IClassFixture<PostgresChatServer>;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using KissChat.Jobs.Data;
using KissChat.Jobs.Running;
using KissChat.Kernel.Database;
using KissChat.Tests.Fakes;
using KissChat.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Tests.Chats;

public abstract class ChatStreamingTests(ChatServer server)
{
    private FakeModelServer Model => server.ModelServer;

    [Fact]
    public async Task AReplyStreamsConnectedProcessingTokensCompletedThenDone()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        Model.Enqueue(ModelScript.Stream(["Of", " course", ", dear", "!"]));

        var response = await ChatScenario.SendAsync(user, chatId, "Do you have a room?");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal("no-cache, no-transform", response.Headers.NonValidated["Cache-Control"].ToString());
        Assert.Equal("no", response.Headers.GetValues("X-Accel-Buffering").Single());
        var frames = await Sse.ReadToEndAsync(response);
        var jobId = ChatScenario.JobId(frames);
        Assert.Equal(["connected", "processing", "token", "token", "token", "token", "completed"], frames.SkipLast(1).Select(f => f.Status));
        Assert.Equal(jobId.ToString(), frames[1].Json.GetProperty("jobId").GetString());
        Assert.Equal("Of course, dear!", ChatScenario.Tokens(frames));
        Assert.True(frames[^1].IsDone);
        Assert.Equal(Enumerable.Range(1, frames.Count).Select(i => (int?)i), frames.Select(f => f.Id));

        var completed = frames[^2].Json;
        Assert.Equal("Of course, dear!", completed.GetProperty("response").GetString());
        Assert.Equal(chatId.ToString(), completed.GetProperty("chat_id").GetString());
        var history = completed.GetProperty("chatHistory").EnumerateArray().Select(m => (m.GetProperty("role").GetString(), m.GetProperty("content").GetString())).ToList();
        // The chat holds its own messages only: the character's prompt is built at each turn, never stored.
        Assert.Equal([("assistant", ChatScenario.Greeting), ("user", "Do you have a room?"), ("assistant", "Of course, dear!")], history);
        // The fake model reports its token counts in a last chunk without text.
        Assert.Equal(12, completed.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(5, completed.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task TheModelGetsTheCharacterPromptGreetingAndEveryEarlierTurn()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        Model.Enqueue(ModelScript.Stream(["First answer."]));
        await ChatScenario.SendAndReadAsync(user, chatId, "first question");
        Model.Enqueue(ModelScript.Stream(["Second answer."]));

        var frames = await ChatScenario.SendAndReadAsync(user, chatId, "second question");

        Assert.Equal("completed", frames[^2].Status);
        var request = Model.Requests.Last(r => r.Messages.Any(m => m.Content == "second question"));
        Assert.True(request.Stream);
        Assert.Equal(ChatServer.Model, request.Model);
        Assert.Equal("Bearer vast-token", request.Authorization);
        Assert.Equal(["system", "assistant", "user", "assistant", "user"], request.Messages.Select(m => m.Role));
        Assert.Contains("Stay in character.", request.Messages[0].Content, StringComparison.Ordinal);
        Assert.Equal(ChatScenario.Greeting, request.Messages[1].Content);
        Assert.Equal(["first question", "First answer.", "second question"], request.Messages.Skip(2).Select(m => m.Content));
        Assert.Equal(5, frames[^2].Json.GetProperty("chatHistory").GetArrayLength());
    }

    [Fact]
    public async Task OverridesReachTheModelAndDefaultsApplyOtherwise()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);

        await ChatScenario.SendAndReadAsync(user, chatId, "with defaults");
        await ChatScenario.SendAndReadAsync(user, chatId, "with overrides", new { max_tokens = 77, temperature = 1.25, model = ChatServer.OtherAllowedModel });

        var defaults = Model.Requests.Last(r => r.Messages[^1].Content == "with defaults");
        Assert.Equal(1024, defaults.MaxTokens);
        Assert.Equal(0.7, defaults.Temperature!.Value, 3);
        var overridden = Model.Requests.Last(r => r.Messages[^1].Content == "with overrides");
        Assert.Equal(77, overridden.MaxTokens);
        Assert.Equal(1.25, overridden.Temperature!.Value, 3);
        Assert.Equal(ChatServer.OtherAllowedModel, overridden.Model);
    }

    [Fact]
    public async Task ALongChatIsTrimmedToTheContextBudgetKeepingPromptGreetingAndNewestTurn()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        // About 800 tokens a message with the o200k tokenizer; three do not fit the test server's 2000-token budget.
        var filler = string.Join(' ', Enumerable.Repeat("the tide comes in", 200));
        for (var turn = 1; turn <= 3; turn++)
        {
            await ChatScenario.SendAndReadAsync(user, chatId, $"turn {turn} {filler}");
        }

        var request = Model.Requests.Last(r => r.Messages[^1].Content.StartsWith("turn 3", StringComparison.Ordinal));

        Assert.Equal("system", request.Messages[0].Role);
        Assert.Equal(ChatScenario.Greeting, request.Messages[1].Content);
        Assert.DoesNotContain(request.Messages, m => m.Content.StartsWith("turn 1", StringComparison.Ordinal));
        Assert.StartsWith("turn 3", request.Messages[^1].Content, StringComparison.Ordinal);
    }

    /// <summary>Blank lines opening a reply wait for its first text and go out with it: its tokens and its message are all of it.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task BlankLinesOpeningAReplyStreamWithItsFirstText(bool reasoned)
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        Model.Enqueue(ModelScript.Stream([.. reasoned ? ["<think>Hmm.</think>"] : Array.Empty<string>(), "\n", "\n", "Hel", "lo"]));

        var frames = await ChatScenario.SendAndReadAsync(user, chatId, "Hello?");

        Assert.Equal(["\n\nHel", "lo"], frames.Where(f => !f.IsDone && f.Status == "token").Select(f => f.Json.GetProperty("delta").GetString()));
        Assert.Equal("\n\nHello", frames[^2].Json.GetProperty("response").GetString());
        Assert.Equal("\n\nHello", (await ChatTransferTests.MessagesAsync(user, chatId))[^1].GetProperty("content").GetString());
    }

    [Fact]
    public async Task AStreamResumedWithLastEventIdMidwayMissesAndRepeatsNothing()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var release = new TaskCompletionSource();
        Model.Enqueue(ModelScript.Stream(["one ", "two ", "three ", "four ", "five"], hold: new StreamHold(2, release.Task)));

        var first = new List<SseFrame>();
        using (var response = await ChatScenario.SendAsync(user, chatId, "count to five"))
        {
            await foreach (var frame in Sse.ReadAsync(response))
            {
                first.Add(frame);
                if (frame.Status == "token" && frame.Json.GetProperty("delta").GetString() == "two ")
                {
                    break; // The tab drops here, mid-reply.
                }
            }
        }

        release.SetResult();
        var resumed = await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Get, $"/api/v1/chat/stream/{ChatScenario.JobId(first)}", lastEventId: first[^1].Id));

        Assert.Equal(first[^1].Id + 1, resumed[0].Id);
        Assert.Equal("one two three four five", ChatScenario.Tokens(first) + ChatScenario.Tokens(resumed));
        Assert.Equal("completed", resumed[^2].Status);
        Assert.Equal("one two three four five", resumed[^2].Json.GetProperty("response").GetString());
    }

    [Fact]
    public async Task AFinishedStreamReplaysWholeOrFromAnyIdAndEndsWithDone()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var original = await ChatScenario.SendAndReadAsync(user, chatId, "hello");
        var path = $"/api/v1/chat/stream/{ChatScenario.JobId(original)}";

        var replay = await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Get, path));
        var fromThree = await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Get, path, lastEventId: 3));
        var beforeCompleted = await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Get, path, lastEventId: original[^3].Id));

        Assert.Equal(original, replay);
        Assert.Equal(original.Where(f => f.Id > 3), fromThree);
        Assert.Equal(original[^2..], beforeCompleted);
        // Read from the database, they leave no wake-up behind for a job that will not change again.
        Assert.False(server.Services.GetRequiredService<LiveJobs>().IsFollowed(ChatScenario.JobId(original)));
    }

    /// <summary>
    /// A reply whose stored end cannot be made into its final frame (here its result names its message by a number, not an
    /// id) fails the same way on every read: the replay ends with an error in the final frame's place and [DONE], where it
    /// was cut off after its tokens, at every reconnect.
    /// </summary>
    [Fact]
    public async Task AStoredEndThatCannotBeExpandedEndsTheReplayWithAnErrorFrameAndDone()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var original = await ChatScenario.SendAndReadAsync(user, chatId, "hello");
        var jobId = ChatScenario.JobId(original);
        await StoreAnEndThatCannotBeExpandedAsync(jobId);

        var replay = await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Get, $"/api/v1/chat/stream/{jobId}", lastEventId: original[^3].Id));

        Assert.Equal([original[^2].Id, original[^1].Id], replay.Select(f => f.Id));
        Assert.Equal("failed", replay[0].Status);
        Assert.Contains("could not be read", replay[0].Json.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.True(replay[1].IsDone);
    }

    /// <summary>The same reply's status answers as its stream ends, where it was a 500 at every poll.</summary>
    [Fact]
    public async Task AStoredEndThatCannotBeExpandedIsAFailedJobStatusSayingSo()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var jobId = ChatScenario.JobId(await ChatScenario.SendAndReadAsync(user, chatId, "hello"));
        await StoreAnEndThatCannotBeExpandedAsync(jobId);

        var status = await (await user.Client.GetAsync($"/api/v1/job/status/{jobId}")).AssertOkJsonAsync();

        Assert.Equal("failed", status.GetProperty("status").GetString());
        Assert.Equal(100, status.GetProperty("progress").GetInt32());
        Assert.False(status.GetProperty("result").GetProperty("success").GetBoolean());
        Assert.Contains("could not be read", status.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    /// <summary>The finished reply's stored result names its message by a number, not an id, which its expansion cannot read.</summary>
    private Task StoreAnEndThatCannotBeExpandedAsync(Guid jobId) =>
        server.Services.GetRequiredService<IServiceScopeFactory>().WithDatabaseAsync(async db =>
        {
            var result = JsonNode.Parse((await db.Set<Job>().SingleAsync(j => j.Id == jobId)).Result!)!.AsObject();
            result["message_id"] = 7;
            return await db.Set<Job>().Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s.SetProperty(j => j.Result, result.ToJsonString()));
        });

    [Fact]
    public async Task ResumingAFinishedStreamAtOrAfterItsLastFrameIsNoContentSoEventSourceStopsRetrying()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var original = await ChatScenario.SendAndReadAsync(user, chatId, "hello");
        var path = $"/api/v1/chat/stream/{ChatScenario.JobId(original)}";

        foreach (var lastEventId in new[] { original[^2].Id, original[^1].Id, original[^1].Id + 5 })
        {
            using var resumed = await Sse.OpenAsync(user.Client, HttpMethod.Get, path, lastEventId: lastEventId);

            Assert.Equal(HttpStatusCode.NoContent, resumed.StatusCode);
            Assert.Empty(await resumed.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task ClientsThatCannotSetHeadersResumeWithTheQueryAndTheHeaderWinsOverIt()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var original = await ChatScenario.SendAndReadAsync(user, chatId, "hello");
        var path = $"/api/v1/chat/stream/{ChatScenario.JobId(original)}";

        var fromQuery = await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Get, $"{path}?last_event_id=2"));
        var headerWins = await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Get, $"{path}?last_event_id=1", lastEventId: 3));

        Assert.Equal(original.Where(f => f.Id > 2), fromQuery);
        Assert.Equal(original.Where(f => f.Id > 3), headerWins);
    }

    [Fact]
    public async Task ClosingTheStreamDoesNotStopTheReplyWhichIsStillStored()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var release = new TaskCompletionSource();
        Model.Enqueue(ModelScript.Stream(["stored ", "even ", "so"], hold: new StreamHold(1, release.Task)));

        Guid jobId;
        using (var response = await ChatScenario.SendAsync(user, chatId, "anyone there?"))
        {
            jobId = ChatScenario.JobId(await Sse.ReadAsync(response).Take(1).ToListAsync());
        }

        release.SetResult();
        var status = await ChatScenario.WaitForJobAsync(user, jobId);

        Assert.Equal("completed", status.GetProperty("status").GetString());
        Assert.Equal(100, status.GetProperty("progress").GetInt32());
        var result = status.GetProperty("result");
        Assert.True(result.GetProperty("success").GetBoolean());
        Assert.Equal("stored even so", result.GetProperty("response").GetString());
        var history = result.GetProperty("chatHistory").EnumerateArray().ToList();
        Assert.Equal("stored even so", history[^1].GetProperty("content").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, status.GetProperty("error").ValueKind);
    }

    [Fact]
    public async Task ASecondPromptWhileAReplyIsRunningIsAConflict()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var release = new TaskCompletionSource();
        Model.Enqueue(ModelScript.Stream(["busy"], hold: new StreamHold(0, release.Task)));
        using var running = await ChatScenario.SendAsync(user, chatId, "first");

        var second = await ChatScenario.SendAsync(user, chatId, "second");

        await second.AssertProblemAsync(HttpStatusCode.Conflict);
        release.SetResult();
        await Sse.ReadToEndAsync(running);
        var third = await ChatScenario.SendAndReadAsync(user, chatId, "third");
        Assert.Equal("completed", third[^2].Status);
    }

    [Fact]
    public async Task QuietStreamsGetKeepAliveComments()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var release = new TaskCompletionSource();
        Model.Enqueue(ModelScript.Stream(["slow"], hold: new StreamHold(0, release.Task)));
        var comments = new List<string>();

        using var response = await ChatScenario.SendAsync(user, chatId, "take your time");
        var frames = new List<SseFrame>();
        await foreach (var frame in Sse.ReadAsync(response, onComment: comments.Add))
        {
            frames.Add(frame);
            if (frame.IsDone)
            {
                break;
            }

            if (frame.Status == "processing")
            {
                _ = Task.Delay(TimeSpan.FromSeconds(2.5)).ContinueWith(_ => release.TrySetResult(), TaskScheduler.Default);
            }
        }

        Assert.Contains(": keep-alive", comments);
        Assert.Equal("completed", frames[^2].Status);
    }

    [Fact]
    public async Task TheEchoTestRouteStreamsTheMessageBack()
    {
        var response = await Sse.OpenAsync(server.CreateClient(), HttpMethod.Post, "/api/v1/test/echo", new { message = "ping ✨" });

        var frames = await Sse.ReadToEndAsync(response);

        Assert.Equal(["connected", "echo"], frames.SkipLast(1).Select(f => f.Status));
        Assert.Equal("ping ✨", frames[1].Json.GetProperty("message").GetString());
        Assert.Equal([1, 2, 3], frames.Select(f => f.Id ?? 0));
    }
}

public sealed class ChatStreamingTestsOnSqlite(SqliteChatServer server) : ChatStreamingTests(server), IClassFixture<SqliteChatServer>;

public sealed class ChatStreamingTestsOnPostgres(PostgresChatServer server) : ChatStreamingTests(server), IClassFixture<PostgresChatServer>;

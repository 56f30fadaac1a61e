using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KissChat.Chats.Data;
using KissChat.Kernel.Database;
using KissChat.Tests.Fakes;
using KissChat.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Tests.Chats;

public abstract class ChatManagementTests(ChatServer server)
{
    private FakeModelServer Model => server.ModelServer;

    [Fact]
    public async Task MessagePagesStayStableWhileMessagesAreAdded()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        for (var i = 1; i <= 3; i++)
        {
            await ChatScenario.SendAndReadAsync(user, chatId, $"message {i}");
        }

        var newest = await PageAsync(user, chatId, "limit=3");
        await ChatScenario.SendAndReadAsync(user, chatId, "added meanwhile");
        var older = await PageAsync(user, chatId, $"before={newest.GetProperty("older_cursor").GetInt32()}&limit=3");
        var rest = await PageAsync(user, chatId, $"before={older.GetProperty("older_cursor").GetInt32()}&limit=50");
        var newer = await PageAsync(user, chatId, $"after={newest.GetProperty("newer_cursor").GetInt32Or(Seqs(newest).Max())}");

        var seen = Seqs(rest).Concat(Seqs(older)).Concat(Seqs(newest)).ToList();
        Assert.Equal(Enumerable.Range(1, 7), seen);
        Assert.Equal(JsonValueKind.Null, rest.GetProperty("older_cursor").ValueKind);
        Assert.Equal([8, 9], Seqs(newer));
        Assert.Equal("added meanwhile", newer.GetProperty("data")[0].GetProperty("content").GetString());
    }

    [Fact]
    public async Task APageAroundAMessageHoldsItWithHalfTheLimitBeforeItAndTheRestAfter()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var otherChat = await ChatScenario.NewChatAsync(user);
        for (var i = 1; i <= 12; i++)
        {
            await (await user.Client.PostAsJsonAsync($"/api/v1/chat/{chatId}/messages", new { role = "user", content = $"note {i}" })).AssertOkJsonAsync(HttpStatusCode.Created);
        }

        var all = (await PageAsync(user, chatId, "limit=50")).GetProperty("data").EnumerateArray().ToList();
        var seqs = all.Select(m => m.GetProperty("seq").GetInt32()).ToList();
        var sixth = all.FindIndex(m => m.GetProperty("content").GetString() == "note 6");
        var middle = await PageAsync(user, chatId, $"around={all[sixth].GetProperty("id")}&limit=5");
        var start = await PageAsync(user, chatId, $"around={all[0].GetProperty("id")}&limit=5");
        var otherGreeting = (await PageAsync(user, otherChat, "limit=1")).GetProperty("data")[0].GetProperty("id");

        Assert.Equal(seqs[(sixth - 2)..(sixth + 3)], Seqs(middle));
        Assert.Equal((seqs[sixth - 2], seqs[sixth + 2]), (middle.GetProperty("older_cursor").GetInt32(), middle.GetProperty("newer_cursor").GetInt32()));
        Assert.Equal(seqs[..5], Seqs(start));
        Assert.Equal(JsonValueKind.Null, start.GetProperty("older_cursor").ValueKind);
        await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/messages?around={otherGreeting}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/messages?around={Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound);
        var both = await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/messages?around={all[0].GetProperty("id")}&before=3")).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(both.GetProperty("errors").TryGetProperty("around", out _), both.ToString());
    }

    [Fact]
    public async Task RegenerateKeepsTheEarlierReplyAsASwipeAndOnlyTheSelectedOneReachesTheModel()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        Model.Enqueue(ModelScript.Stream(["first take"]));
        await ChatScenario.SendAndReadAsync(user, chatId, "tell me a joke");
        Model.Enqueue(ModelScript.Stream(["second take"]));

        var regenerated = await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Post, $"/api/v1/chat/{chatId}/regenerate"));

        Assert.Equal("second take", regenerated[^2].Json.GetProperty("response").GetString());
        var regenerateRequest = Model.Requests[^1];
        Assert.Equal("tell me a joke", regenerateRequest.Messages[^1].Content);
        Assert.DoesNotContain(regenerateRequest.Messages, m => m.Content == "first take");
        var reply = await LastMessageAsync(user, chatId);
        Assert.Equal(["first take", "second take"], reply.GetProperty("swipes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(1, reply.GetProperty("swipe_index").GetInt32());

        await (await user.Client.PutAsJsonAsync($"/api/v1/chat/{chatId}/messages/{reply.GetProperty("id")}/swipe", new { index = 0 })).AssertOkJsonAsync();
        await ChatScenario.SendAndReadAsync(user, chatId, "another one");

        var next = Model.Requests[^1].Messages.Select(m => m.Content).ToList();
        Assert.Contains("first take", next);
        Assert.DoesNotContain("second take", next);
    }

    [Fact]
    public async Task AReplyIsStoredOnceUntilItIsRegeneratedAndStillListsAsItsOwnSwipe()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        Model.Enqueue(ModelScript.Stream(["only ", "take"]));
        await ChatScenario.SendAndReadAsync(user, chatId, "hello");
        var reply = await LastMessageAsync(user, chatId);
        var replyId = reply.GetProperty("id").GetGuid();

        Assert.Equal(["only take"], reply.GetProperty("swipes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(0, await SwipeRowsAsync(replyId));
        await (await user.Client.PutAsJsonAsync($"/api/v1/chat/{chatId}/messages/{replyId}/swipe", new { index = 0 })).AssertOkJsonAsync();
        await (await user.Client.PutAsJsonAsync($"/api/v1/chat/{chatId}/messages/{replyId}/swipe", new { index = 1 })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("only take", (await LastMessageAsync(user, chatId)).GetProperty("content").GetString());

        Model.Enqueue(ModelScript.Stream(["second"]));
        await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Post, $"/api/v1/chat/{chatId}/regenerate"));

        Assert.Equal(2, await SwipeRowsAsync(replyId));
        await (await user.Client.PutAsJsonAsync($"/api/v1/chat/{chatId}/messages/{replyId}/swipe", new { index = 0 })).AssertOkJsonAsync();
        reply = await LastMessageAsync(user, chatId);
        Assert.Equal(["only take", "second"], reply.GetProperty("swipes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(("only take", 0), (reply.GetProperty("content").GetString(), reply.GetProperty("swipe_index").GetInt32()));
    }

    [Fact]
    public async Task SwipesSurviveEditsRegeneratesAndDeletesInAnyOrder()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        Model.Enqueue(ModelScript.Stream(["alpha"]));
        await ChatScenario.SendAndReadAsync(user, chatId, "q1");
        var reply = await LastMessageAsync(user, chatId);
        var replyId = reply.GetProperty("id").GetGuid();

        await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}/messages/{replyId}", new { content = "alpha (edited)" })).AssertOkJsonAsync();
        Model.Enqueue(ModelScript.Stream(["beta"]));
        await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Post, $"/api/v1/chat/{chatId}/regenerate"));
        await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}/messages/{replyId}", new { content = "beta (edited)" })).AssertOkJsonAsync();
        await (await user.Client.PutAsJsonAsync($"/api/v1/chat/{chatId}/messages/{replyId}/swipe", new { index = 0 })).AssertOkJsonAsync();

        reply = await LastMessageAsync(user, chatId);
        Assert.Equal(["alpha (edited)", "beta (edited)"], reply.GetProperty("swipes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("alpha (edited)", reply.GetProperty("content").GetString());

        var question = (await PageAsync(user, chatId, "limit=50")).GetProperty("data").EnumerateArray().Single(m => m.GetProperty("content").GetString() == "q1");
        await (await user.Client.DeleteAsync($"/api/v1/chat/{chatId}/messages/{question.GetProperty("id")}")).AssertOkJsonAsync();
        await ChatScenario.SendAndReadAsync(user, chatId, "q2");

        var context = Model.Requests[^1].Messages.Select(m => m.Content).ToList();
        Assert.DoesNotContain("q1", context);
        Assert.DoesNotContain(context, c => c.StartsWith("alpha", StringComparison.Ordinal) || c.StartsWith("beta", StringComparison.Ordinal));
        Assert.Equal("q2", context[^1]);
    }

    [Fact]
    public async Task ContinueExtendsTheLastReply()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        Model.Enqueue(ModelScript.Stream(["Once upon"]));
        await ChatScenario.SendAndReadAsync(user, chatId, "a story please");
        Model.Enqueue(ModelScript.Stream([" a time."]));

        var frames = await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Post, $"/api/v1/chat/{chatId}/continue", new { max_tokens = 50 }));

        Assert.Equal("Once upon a time.", frames[^2].Json.GetProperty("response").GetString());
        Assert.Equal(" a time.", ChatScenario.Tokens(frames));
        var request = Model.Requests[^1];
        Assert.Equal(50, request.MaxTokens);
        // As SillyTavern sends a message to continue: ending in a space.
        Assert.Equal("Once upon ", request.Messages[^2].Content);
        Assert.Equal("system", request.Messages[^1].Role);
        Assert.Equal("Once upon a time.", (await LastMessageAsync(user, chatId)).GetProperty("content").GetString());
    }

    /// <summary>SillyTavern joins a continuation to its message with a space (its continue_postfix); here only where neither side has one.</summary>
    [Fact]
    public async Task AContinuationIsJoinedToItsMessageWithASpaceWhereNeitherHasOne()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        Model.Enqueue(ModelScript.Stream(["She smiled."]));
        await ChatScenario.SendAndReadAsync(user, chatId, "a story please");
        Model.Enqueue(ModelScript.Stream(["Then she left."]));

        var frames = await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Post, $"/api/v1/chat/{chatId}/continue"));

        Assert.Equal("She smiled. Then she left.", frames[^2].Json.GetProperty("response").GetString());
        Assert.Equal("She smiled. Then she left.", (await LastMessageAsync(user, chatId)).GetProperty("content").GetString());
        Assert.Equal("She smiled. ", Model.Requests[^1].Messages[^2].Content);
    }

    [Fact]
    public async Task StoppingFromAnotherTabKeepsThePartialTextMarkedStopped()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var release = new TaskCompletionSource();
        Model.Enqueue(ModelScript.Stream(["partial ", "text ", "never sent"], hold: new StreamHold(2, release.Task)));
        using var response = await ChatScenario.SendAsync(user, chatId, "go on and on");
        var frames = new List<SseFrame>();
        var enumerator = Sse.ReadAsync(response).GetAsyncEnumerator();
        while (await enumerator.MoveNextAsync())
        {
            frames.Add(enumerator.Current);
            if (ChatScenario.Tokens(frames) == "partial text ")
            {
                break;
            }
        }

        var jobId = ChatScenario.JobId(frames);
        var active = await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/active")).AssertOkJsonAsync();
        Assert.Equal(jobId, active.GetProperty("data").GetProperty("job_id").GetGuid());
        Assert.Equal("reply", active.GetProperty("data").GetProperty("mode").GetString());
        var otherTab = await LogInAgainAsync(user);
        var stop = await otherTab.PostAsync($"/api/v1/chat/stop/{jobId}", null);
        await stop.AssertOkJsonAsync(HttpStatusCode.Accepted);
        while (await enumerator.MoveNextAsync())
        {
            frames.Add(enumerator.Current);
        }

        release.SetResult();
        Assert.True(frames[^2].Status == "stopped" && frames[^2].Json.TryGetProperty("response", out _), frames[^2].Data);
        Assert.Equal("partial text ", frames[^2].Json.GetProperty("response").GetString());
        Assert.True(frames[^1].IsDone);
        var status = await ChatScenario.WaitForJobAsync(user, jobId);
        Assert.Equal("stopped", status.GetProperty("status").GetString());
        var stored = await LastMessageAsync(user, chatId);
        Assert.Equal("partial text ", stored.GetProperty("content").GetString());
        Assert.Equal("stopped", stored.GetProperty("status").GetString());
        var after = await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/active")).AssertOkJsonAsync();
        Assert.Equal(JsonValueKind.Null, after.GetProperty("data").ValueKind);
        await (await user.Client.PostAsync($"/api/v1/chat/stop/{jobId}", null)).AssertProblemAsync(HttpStatusCode.Conflict);
        var resumed = await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Get, $"/api/v1/chat/stream/{jobId}", lastEventId: 3));
        Assert.Equal("stopped", resumed[^2].Status);
    }

    /// <summary>A tab that follows a reply another started learns what it writes, so it shows the reply it replaces once.</summary>
    [Theory]
    [InlineData("regenerate")]
    [InlineData("continue")]
    public async Task TheActiveGenerationSaysItsKindAndTheMessageItWritesTo(string mode)
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        await ChatScenario.SendAndReadAsync(user, chatId, "Tell me a story.");
        var reply = await LastMessageAsync(user, chatId);
        var release = new TaskCompletionSource();
        Model.Enqueue(ModelScript.Stream(["More."], hold: new StreamHold(0, release.Task)));
        using var response = await Sse.OpenAsync(user.Client, HttpMethod.Post, $"/api/v1/chat/{chatId}/{mode}");
        await Sse.ReadAsync(response).Take(2).ToListAsync();

        var active = (await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/active")).AssertOkJsonAsync()).GetProperty("data");
        release.SetResult();

        Assert.Equal((mode, reply.GetProperty("id").GetGuid()), (active.GetProperty("mode").GetString(), active.GetProperty("message_id").GetGuid()));
    }

    [Fact]
    public async Task ChangingMessagesWhileAReplyIsRunningIsAConflict()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        await ChatScenario.SendAndReadAsync(user, chatId, "first");
        var reply = await LastMessageAsync(user, chatId);
        var release = new TaskCompletionSource();
        Model.Enqueue(ModelScript.Stream(["slow"], hold: new StreamHold(0, release.Task)));
        using var running = await ChatScenario.SendAsync(user, chatId, "second");

        await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}/messages/{reply.GetProperty("id")}", new { content = "x" })).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await user.Client.DeleteAsync($"/api/v1/chat/{chatId}/messages/{reply.GetProperty("id")}")).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await user.Client.PostAsync($"/api/v1/chat/{chatId}/regenerate", null)).AssertProblemAsync(HttpStatusCode.Conflict);

        release.SetResult();
        await Sse.ReadToEndAsync(running);
    }

    [Fact]
    public async Task InvalidMessageOperationsAreBadRequests()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var greeting = (await PageAsync(user, chatId, "limit=10")).GetProperty("data")[0].GetProperty("id");

        await (await user.Client.PostAsync($"/api/v1/chat/{chatId}/regenerate", null)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await user.Client.PutAsJsonAsync($"/api/v1/chat/{chatId}/messages/{greeting}/swipe", new { index = 5 })).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}/messages/{greeting}", new { content = "  " })).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/messages?before=3&after=1")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/messages?limit=0")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}/messages/{Guid.NewGuid()}", new { content = "x" })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await user.Client.PostAsJsonAsync($"/api/v1/chat/{chatId}/continue", new { temperature = 9 })).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task RegenerateTakesNoBodyAnEmptyOneOrOverridesButNotAMalformedOne()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        await ChatScenario.SendAndReadAsync(user, chatId, "tell me a joke");
        var path = $"/api/v1/chat/{chatId}/regenerate";

        var emptyJson = await user.Client.PostAsync(path, new StringContent(string.Empty, System.Text.Encoding.UTF8, "application/json"));
        var emptyObject = await user.Client.PostAsync(path, new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        var overrides = await user.Client.PostAsJsonAsync(path, new { max_tokens = 7 });
        var malformed = await user.Client.PostAsync(path, new StringContent("{\"max_tokens\": ", System.Text.Encoding.UTF8, "application/json"));

        foreach (var stream in new[] { emptyJson, emptyObject, overrides })
        {
            Assert.Equal("completed", (await Sse.ReadToEndAsync(stream))[^2].Status);
        }

        Assert.Equal(7, Model.Requests[^1].MaxTokens);
        var problem = await malformed.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("max_tokens", out _), problem.ToString());
        Assert.Equal(4, (await LastMessageAsync(user, chatId)).GetProperty("swipes").GetArrayLength());
    }

    [Fact]
    public async Task AlternateGreetingsAreSwipesOfTheFirstMessageAndTheChosenOneReachesTheModel()
    {
        var user = await TestUser.SignUpAsync(server);
        var create = await user.Client.PostAsJsonAsync("/api/v1/character/create", new
        {
            name = "Mira",
            greeting = "Welcome!",
            alternate_greetings = new[] { "Oh, a guest at this hour?", "Shh, the captain sleeps." },
        });
        var characterId = (await create.AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("data").GetProperty("character_id").GetGuid();
        var chatId = await ChatScenario.NewChatAsync(user, characterId);
        var greeting = (await PageAsync(user, chatId, "limit=10")).GetProperty("data")[0];

        Assert.Equal(["Welcome!", "Oh, a guest at this hour?", "Shh, the captain sleeps."], greeting.GetProperty("swipes").EnumerateArray().Select(s => s.GetString()));
        await (await user.Client.PutAsJsonAsync($"/api/v1/chat/{chatId}/messages/{greeting.GetProperty("id")}/swipe", new { index = 2 })).AssertOkJsonAsync();
        await ChatScenario.SendAndReadAsync(user, chatId, "who is sleeping?");

        var context = Model.Requests[^1].Messages;
        Assert.Equal("Shh, the captain sleeps.", context[1].Content);
        Assert.DoesNotContain(context, m => m.Content == "Welcome!");
    }

    [Fact]
    public async Task CardMacrosAreFilledWithTheCharacterAndTheUsersName()
    {
        var user = await TestUser.SignUpAsync(server);
        await (await user.Client.PutAsJsonAsync($"/api/v1/user/update/{user.Id}", new { username = "Ada" })).AssertOkJsonAsync();
        var create = await user.Client.PostAsJsonAsync("/api/v1/character/create", new
        {
            name = "Mira",
            scenario = "{{char}} runs an inn; <USER> just walked in.",
            greeting = "Welcome, {{user}}! I am {{Char}}.",
            alternate_greetings = new[] { "<BOT> waves at {{USER}}. {{scenario}}" },
        });
        var characterId = (await create.AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("data").GetProperty("character_id").GetGuid();

        var chatId = await ChatScenario.NewChatAsync(user, characterId);

        var greeting = (await PageAsync(user, chatId, "limit=10")).GetProperty("data")[0];
        Assert.Equal("Welcome, Ada! I am Mira.", greeting.GetProperty("content").GetString());
        // The definition's parts too, with their own macros, for the character's author.
        Assert.Equal("Mira waves at Ada. Mira runs an inn; Ada just walked in.", greeting.GetProperty("swipes")[1].GetString());
        await ChatScenario.SendAndReadAsync(user, chatId, "hello");
        Assert.Contains("Mira runs an inn; Ada just walked in.", Model.Requests[^1].Messages[0].Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatsCanBeRenamedAndDeleted()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        await ChatScenario.SendAndReadAsync(user, chatId, "hello");

        await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { title = "  Harbour nights " })).AssertOkJsonAsync();
        await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { title = "" })).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await user.Client.DeleteAsync($"/api/v1/chat/{chatId}")).AssertOkJsonAsync();

        await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/messages")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await ChatScenario.SendAsync(user, chatId, "still here?")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task EveryChatRouteIsOwnerOnly()
    {
        var owner = await TestUser.SignUpAsync(server);
        var intruder = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(owner);
        var jobId = ChatScenario.JobId(await ChatScenario.SendAndReadAsync(owner, chatId, "private words"));
        var messageId = (await LastMessageAsync(owner, chatId)).GetProperty("id");

        var attempts = new[]
        {
            await intruder.Client.GetAsync($"/api/v1/chat/{chatId}/messages"),
            await intruder.Client.GetAsync($"/api/v1/chat/{chatId}/active"),
            await intruder.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { title = "mine now" }),
            await intruder.Client.DeleteAsync($"/api/v1/chat/{chatId}"),
            await intruder.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}/messages/{messageId}", new { content = "x" }),
            await intruder.Client.DeleteAsync($"/api/v1/chat/{chatId}/messages/{messageId}"),
            await intruder.Client.PutAsJsonAsync($"/api/v1/chat/{chatId}/messages/{messageId}/swipe", new { index = 0 }),
            await intruder.Client.PostAsync($"/api/v1/chat/{chatId}/regenerate", null),
            await intruder.Client.PostAsync($"/api/v1/chat/{chatId}/continue", null),
            await intruder.Client.PostAsync($"/api/v1/chat/{chatId}/impersonate", null),
            await intruder.Client.PostAsync($"/api/v1/chat/stop/{jobId}", null),
        };

        foreach (var attempt in attempts)
        {
            var problem = await attempt.AssertProblemAsync(HttpStatusCode.Forbidden);
            Assert.DoesNotContain("private words", problem.ToString(), StringComparison.Ordinal);
        }

        Assert.Equal(3, (await PageAsync(owner, chatId, "limit=50")).GetProperty("data").GetArrayLength());
    }

    private static async Task<JsonElement> PageAsync(TestUser user, Guid chatId, string query) =>
        await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/messages?{query}")).AssertOkJsonAsync();

    private static async Task<JsonElement> LastMessageAsync(TestUser user, Guid chatId) =>
        (await PageAsync(user, chatId, "limit=1")).GetProperty("data")[0];

    private Task<int> SwipeRowsAsync(Guid messageId) =>
        server.Services.GetRequiredService<IServiceScopeFactory>().WithDatabaseAsync(db => db.Set<MessageSwipe>().CountAsync(s => s.MessageId == messageId));

    private static IEnumerable<int> Seqs(JsonElement page) => page.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("seq").GetInt32());

    private async Task<HttpClient> LogInAgainAsync(TestUser user)
    {
        var client = server.CreateClient();
        await (await client.PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = user.Password, method = "email" })).AssertOkJsonAsync();
        return client;
    }
}

internal static class JsonCursorExtensions
{
    /// <summary>A null cursor means "no newer messages yet": catch up from the last one seen.</summary>
    public static int GetInt32Or(this JsonElement cursor, int fallback) => cursor.ValueKind == JsonValueKind.Null ? fallback : cursor.GetInt32();
}

public sealed class ChatManagementTestsOnSqlite(SqliteChatServer server) : ChatManagementTests(server), IClassFixture<SqliteChatServer>;

public sealed class ChatManagementTestsOnPostgres(PostgresChatServer server) : ChatManagementTests(server), IClassFixture<PostgresChatServer>;

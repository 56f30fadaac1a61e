using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KissChat.Tests.Fakes;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Chats;

/// <summary>
/// SillyTavern's Impersonate: the model writes the user's next message from the chat's prompt, streamed in the reply's
/// frames and never stored.
/// </summary>
public abstract class ImpersonationTests(ChatServer server)
{
    private FakeModelServer Model => server.ModelServer;

    [Fact]
    public async Task TheModelWritesMyNextMessageFromTheChatWhichStreamsAndIsNotStored()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        Model.Enqueue(ModelScript.Stream(["The harbour is ", "quiet tonight."]));
        await ChatScenario.SendAndReadAsync(user, chatId, "A room, please.");
        var before = await MessagesAsync(user, chatId);
        Model.Enqueue(ModelScript.Stream(["I lean ", "closer."]));

        var frames = await ImpersonateAsync(user, chatId, new { prompt = "Ask about the map.", temperature = 0.4 });

        Assert.Equal(["connected", "token", "token", "completed"], frames.SkipLast(1).Select(f => f.Status));
        Assert.True(frames[^1].IsDone);
        Assert.Equal(Enumerable.Range(1, frames.Count).Select(i => (int?)i), frames.Select(f => f.Id));
        Assert.Equal("I lean closer.", ChatScenario.Tokens(frames));
        Assert.Equal("I lean closer.", frames[^2].Json.GetProperty("response").GetString());
        Assert.Equal(before, await MessagesAsync(user, chatId));
        // The chat's prompt, the character's last reply in it, then the instruction with my direction and no macro left unfilled.
        var sent = Model.Requests[^1];
        Assert.Equal(0.4, sent.Temperature);
        Assert.Equal(("assistant", "The harbour is quiet tonight."), (sent.Messages[^2].Role, sent.Messages[^2].Content));
        Assert.Equal("system", sent.Messages[^1].Role);
        Assert.EndsWith("Ask about the map.", sent.Messages[^1].Content, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", sent.Messages[^1].Content, StringComparison.Ordinal);
        Assert.Contains(sent.Messages, m => m.Content == "A room, please.");
    }

    [Fact]
    public async Task ThePromptPreviewShowsExactlyWhatAnImpersonationSends()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        await ChatScenario.SendAndReadAsync(user, chatId, "A room, please.");
        const string Direction = "Ask for the key.";

        var preview = (await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/prompt?impersonate=true&prompt={Uri.EscapeDataString(Direction)}")).AssertOkJsonAsync())
            .GetProperty("data");
        Model.Enqueue(ModelScript.Stream(["The key?"]));
        await ImpersonateAsync(user, chatId, new { prompt = Direction });

        var previewed = preview.GetProperty("messages").EnumerateArray().Select(m => new RecordedMessage(m.GetProperty("role").GetString()!, m.GetProperty("content").GetString()!));
        Assert.Equal(Model.Requests[^1].Messages, previewed);
        Assert.Contains(preview.GetProperty("parts").EnumerateArray(), p => p.GetProperty("name").GetString() == "impersonation" && p.GetProperty("tokens").GetInt32() > 0);
    }

    [Fact]
    public async Task AThinkingModelsReasoningIsShownApartFromTheMessage()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        Model.Enqueue(ModelScript.ThinkThenStream("reasoning_content", ["They are ", "curious."], TimeSpan.Zero, ["Where does ", "it lead?"]));

        var frames = await ImpersonateAsync(user, chatId);

        Assert.Equal(["connected", "reasoning", "reasoning", "token", "token", "completed"], frames.SkipLast(1).Select(f => f.Status));
        var completed = frames[^2].Json;
        Assert.Equal(("Where does it lead?", "They are curious."), (completed.GetProperty("response").GetString(), completed.GetProperty("reasoning").GetString()));
    }

    [Fact]
    public async Task AProviderFailureOrAnEmptyAnswerEndsTheStreamFailedSayingWhy()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        Model.Enqueue(ModelScript.Status(400, "{\"error\":{\"message\":\"context too long\"}}"));
        Model.Enqueue(ModelScript.Stream(["  "]));

        var refused = await ImpersonateAsync(user, chatId);
        var empty = await ImpersonateAsync(user, chatId);

        Assert.Equal(["connected", "failed"], refused.SkipLast(1).Select(f => f.Status));
        Assert.False(string.IsNullOrWhiteSpace(refused[^2].Json.GetProperty("error").GetString()));
        Assert.Equal("failed", empty[^2].Status);
        Assert.Contains("empty", empty[^2].Json.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.All([refused, empty], frames => Assert.True(frames[^1].IsDone));
    }

    [Fact]
    public async Task AQuietModelGetsKeepAlivesUntilItWrites()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var release = new TaskCompletionSource();
        Model.Enqueue(ModelScript.Stream(["Fine, ", "then."], hold: new StreamHold(1, release.Task)));
        var comments = 0;

        using var response = await Sse.OpenAsync(user.Client, HttpMethod.Post, $"/api/v1/chat/{chatId}/impersonate");
        var frames = new List<SseFrame>();
        void KeepAlive(string _)
        {
            Interlocked.Increment(ref comments);
            release.TrySetResult();
        }

        await foreach (var frame in Sse.ReadAsync(response, onComment: KeepAlive))
        {
            frames.Add(frame);
        }

        Assert.True(comments >= 1);
        Assert.Equal("Fine, then.", frames[^2].Json.GetProperty("response").GetString());
    }

    [Fact]
    public async Task BadInputNamesItsFieldAndAnotherUsersChatIsRefused()
    {
        var owner = await TestUser.SignUpAsync(server);
        var stranger = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(owner);
        var requests = Model.Requests.Count;

        var nul = await owner.Client.PostAsJsonAsync($"/api/v1/chat/{chatId}/impersonate", new { prompt = "a\0b" });
        var hot = await owner.Client.PostAsJsonAsync($"/api/v1/chat/{chatId}/impersonate", new { temperature = 9 });
        var notInGroup = await owner.Client.PostAsJsonAsync($"/api/v1/chat/{chatId}/impersonate", new { character_id = Guid.NewGuid() });
        var foreign = await stranger.Client.PostAsync($"/api/v1/chat/{chatId}/impersonate", null);

        Assert.True((await nul.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("prompt", out _));
        Assert.True((await hot.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("temperature", out _));
        Assert.True((await notInGroup.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("character_id", out _));
        await foreign.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(requests, Model.Requests.Count);
    }

    [Fact]
    public async Task NoneWhileAReplyIsBeingWrittenInTheChat()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var release = new TaskCompletionSource();
        Model.Enqueue(ModelScript.Stream(["Still ", "writing."], hold: new StreamHold(1, release.Task)));
        // Its job is stored before its stream starts.
        using var reply = await ChatScenario.SendAsync(user, chatId, "Hello?");

        var whileReplying = await user.Client.PostAsync($"/api/v1/chat/{chatId}/impersonate", null);
        release.SetResult();
        await Sse.ReadToEndAsync(reply);
        Model.Enqueue(ModelScript.Stream(["Thanks."]));
        var after = await ImpersonateAsync(user, chatId);

        Assert.Contains("still being generated", (await whileReplying.AssertProblemAsync(HttpStatusCode.Conflict)).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("completed", after[^2].Status);
    }

    [Fact]
    public async Task ABanStopsAnImpersonationUnderWay()
    {
        var admin = await TestUser.AdministratorAsync(server);
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var hold = new TaskCompletionSource();
        Model.Enqueue(ModelScript.Stream(["I ", "never finish."], hold: new StreamHold(1, hold.Task)));
        using var response = await Sse.OpenAsync(user.Client, HttpMethod.Post, $"/api/v1/chat/{chatId}/impersonate");
        var frames = new List<SseFrame>();
        await foreach (var frame in Sse.ReadAsync(response))
        {
            frames.Add(frame);
            if (!frame.IsDone && frame.Status == "token")
            {
                await (await admin.Client.PostAsJsonAsync($"/api/v1/admin/users/{user.Id}/ban", new { reason = "abuse" })).AssertOkJsonAsync();
            }
        }

        hold.TrySetResult();
        Assert.Equal(["connected", "token", "failed"], frames.SkipLast(1).Select(f => f.Status));
        Assert.Contains("closed", frames[^2].Json.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAnswerCutAtItsLengthLimitEndsWithoutAnEmptyPiece()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        Model.Enqueue(ModelScript.Stream(["0123456789abcdef", "more"]));

        var frames = await ImpersonateAsync(user, chatId, new { max_tokens = 1 });

        Assert.Equal(["connected", "token", "completed"], frames.SkipLast(1).Select(f => f.Status));
        Assert.Equal(("0123456789abcdef", "length"), (frames[^2].Json.GetProperty("response").GetString(), frames[^2].Json.GetProperty("finish_reason").GetString()));
    }

    private static async Task<List<SseFrame>> ImpersonateAsync(TestUser user, Guid chatId, object? body = null) =>
        await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Post, $"/api/v1/chat/{chatId}/impersonate", body));

    private static async Task<string> MessagesAsync(TestUser user, Guid chatId) =>
        (await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/messages?limit=50")).AssertOkJsonAsync()).GetProperty("data").ToString();
}

public sealed class ImpersonationTestsOnSqlite(SqliteChatServer server) : ImpersonationTests(server), IClassFixture<SqliteChatServer>;

public sealed class ImpersonationTestsOnPostgres(PostgresChatServer server) : ImpersonationTests(server), IClassFixture<PostgresChatServer>;

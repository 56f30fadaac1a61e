using System.Net;
using System.Net.Http.Json;
using KissChat.Tests.Fakes;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Chats;

/// <summary>
/// A client that lost the answer to a send (a dropped connection, a timeout) sends it again with the same
/// Idempotency-Key: it gets the first send's reply from its first frame, running or finished, and nothing is stored twice.
/// </summary>
public abstract class IdempotentSendTests(ChatServer server)
{
    [Fact]
    public async Task ASendSentAgainWithItsKeyWhileItsReplyRunsGetsThatReplyAndStoresNothingMore()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var release = new TaskCompletionSource();
        server.ModelServer.Enqueue(ModelScript.Stream(["once ", "and only once"], hold: new StreamHold(1, release.Task)));
        var key = Guid.NewGuid().ToString();

        using var first = await SendAsync(user, chatId, "are you there?", key);
        using var again = await SendAsync(user, chatId, "are you there?", key);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        release.SetResult();
        var firstFrames = await Sse.ReadToEndAsync(first);
        var againFrames = await Sse.ReadToEndAsync(again);

        Assert.Equal(ChatScenario.JobId(firstFrames), ChatScenario.JobId(againFrames));
        Assert.Equal("once and only once", ChatScenario.Tokens(againFrames));
        Assert.Equal(firstFrames.Select(f => f.Id), againFrames.Select(f => f.Id));
        Assert.Equal([("user", "are you there?"), ("assistant", "once and only once")], await ExchangesAsync(user, chatId));
    }

    [Fact]
    public async Task ASendSentAgainWithItsKeyAfterItsReplyEndedGetsThatReplyFromItsFirstFrame()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        server.ModelServer.Enqueue(ModelScript.Stream(["already ", "answered"]));
        var key = Guid.NewGuid().ToString();
        var firstFrames = await Sse.ReadToEndAsync(await SendAsync(user, chatId, "hello", key));

        var againFrames = await Sse.ReadToEndAsync(await SendAsync(user, chatId, "hello", key));

        Assert.Equal(ChatScenario.JobId(firstFrames), ChatScenario.JobId(againFrames));
        Assert.Equal("already answered", ChatScenario.Tokens(againFrames));
        Assert.Equal("completed", againFrames.Last(f => !f.IsDone).Status);
        Assert.Equal([("user", "hello"), ("assistant", "already answered")], await ExchangesAsync(user, chatId));
    }

    [Fact]
    public async Task ASendSentTwiceAtOnceWithOneKeyIsStoredOnceAndBothGetItsReply()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        server.ModelServer.Enqueue(ModelScript.Stream(["one ", "reply"]));
        var key = Guid.NewGuid().ToString();

        var sends = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => SendAsync(user, chatId, "twice at once", key)));

        Assert.All(sends, s => Assert.Equal(HttpStatusCode.OK, s.StatusCode));
        var frames = await Task.WhenAll(sends.Select(s => Sse.ReadToEndAsync(s)));
        Assert.Single(frames.Select(ChatScenario.JobId).Distinct());
        Assert.All(frames, f => Assert.Equal("one reply", ChatScenario.Tokens(f)));
        Assert.Equal([("user", "twice at once"), ("assistant", "one reply")], await ExchangesAsync(user, chatId));
    }

    [Fact]
    public async Task AKeySentAgainWithAnotherRequestIsRefusedAndStoresNothing()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        server.ModelServer.Enqueue(ModelScript.Stream(["first"]));
        var key = Guid.NewGuid().ToString();
        await Sse.ReadToEndAsync(await SendAsync(user, chatId, "one thing", key));

        var otherPrompt = await SendAsync(user, chatId, "another thing", key);
        var regenerate = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/chat/{chatId}/regenerate") { Content = JsonContent.Create(new { }) };
        regenerate.Headers.Add("Idempotency-Key", key);
        var otherRoute = await user.Client.SendAsync(regenerate);

        await otherPrompt.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        await otherRoute.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal([("user", "one thing"), ("assistant", "first")], await ExchangesAsync(user, chatId));
    }

    [Fact]
    public async Task AnotherUsersKeyIsTheirsAlone()
    {
        var owner = await TestUser.SignUpAsync(server);
        var other = await TestUser.SignUpAsync(server);
        var ownerChat = await ChatScenario.NewChatAsync(owner);
        var otherChat = await ChatScenario.NewChatAsync(other);
        server.ModelServer.Enqueue(ModelScript.Stream(["for the owner"]));
        server.ModelServer.Enqueue(ModelScript.Stream(["for the other"]));
        var key = Guid.NewGuid().ToString();
        var ownerFrames = await Sse.ReadToEndAsync(await SendAsync(owner, ownerChat, "same words", key));

        var otherFrames = await Sse.ReadToEndAsync(await SendAsync(other, otherChat, "same words", key));

        Assert.NotEqual(ChatScenario.JobId(ownerFrames), ChatScenario.JobId(otherFrames));
        Assert.Equal("for the other", ChatScenario.Tokens(otherFrames));
        Assert.Equal([("user", "same words"), ("assistant", "for the other")], await ExchangesAsync(other, otherChat));
    }

    [Theory]
    [InlineData("")]
    [InlineData("two words")]
    [InlineData(null)]
    public async Task AKeyThatIsNotVisibleAsciiUpTo255CharactersIsA400NamingIt(string? key)
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);

        var response = await SendAsync(user, chatId, "hi", key ?? new string('k', 256));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(problem.GetProperty("errors").EnumerateObject(), e => e.Name.Contains("idempotency", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(await ExchangesAsync(user, chatId));
    }

    private static Task<HttpResponseMessage> SendAsync(TestUser user, Guid chatId, string prompt, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/chat/response") { Content = JsonContent.Create(new { chat_id = chatId, prompt }) };
        // Added unchecked: the tests send what a careless client might, and HttpClient would refuse some of it itself.
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return user.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    /// <summary>The chat's messages after its greeting, as (role, content).</summary>
    private static async Task<List<(string?, string?)>> ExchangesAsync(TestUser user, Guid chatId) =>
        [.. (await ChatTransferTests.MessagesAsync(user, chatId)).Skip(1).Select(m => (m.GetProperty("role").GetString(), m.GetProperty("content").GetString()))];
}

public sealed class IdempotentSendTestsOnSqlite(SqliteChatServer server) : IdempotentSendTests(server), IClassFixture<SqliteChatServer>;

public sealed class IdempotentSendTestsOnPostgres(PostgresChatServer server) : IdempotentSendTests(server), IClassFixture<PostgresChatServer>;

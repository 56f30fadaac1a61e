using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Chats;

/// <summary>chat/response's <c>history</c>: how much of the chat the completed frame's chatHistory carries.</summary>
public abstract class ChatHistoryOptionTests(ChatServer server)
{
    [Fact]
    public async Task TheCompletedFrameCarriesTheWholeChatUnlessLessIsAsked()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);

        var full = await CompletedAsync(user, chatId, "one", null);
        var none = await CompletedAsync(user, chatId, "two", new { history = "none" });
        var lastThree = await CompletedAsync(user, chatId, "three", new { history = 3 });
        var named = await CompletedAsync(user, chatId, "four", new { history = "full" });

        Assert.Equal(["assistant", "user", "assistant"], Roles(full));
        Assert.Empty(History(none));
        Assert.Equal(["assistant", "user", "assistant"], Roles(lastThree));
        Assert.Equal("Hello from the fake model.", History(lastThree)[0].GetProperty("content").GetString());
        Assert.Equal("three", History(lastThree)[1].GetProperty("content").GetString());
        Assert.Equal(9, History(named).Count);
        Assert.Equal("Hello from the fake model.", none.GetProperty("response").GetString());
    }

    [Theory]
    [InlineData("regenerate")]
    [InlineData("continue")]
    public async Task RegenerateAndContinueTakeTheSameHistoryOptionAndRefuseABadOne(string route)
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        await ChatScenario.SendAndReadAsync(user, chatId, "one");

        var lastTwo = await ReadCompletedAsync(await user.Client.PostAsJsonAsync($"/api/v1/chat/{chatId}/{route}", new { history = 2 }));
        var none = await ReadCompletedAsync(await user.Client.PostAsJsonAsync($"/api/v1/chat/{chatId}/{route}", new { history = "none" }));
        var bad = await user.Client.PostAsJsonAsync($"/api/v1/chat/{chatId}/{route}", new { history = "some" });

        Assert.Equal(["user", "assistant"], Roles(lastTwo));
        Assert.Empty(History(none));
        Assert.True((await bad.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("history", out _));
    }

    /// <summary>A body these routes cannot read is refused, not read as no body (its settings silently dropped).</summary>
    [Fact]
    public async Task AnOptionalBodyOfAnotherTypeIsA415AndAnEmptyOneIsNoBody()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        await ChatScenario.SendAndReadAsync(user, chatId, "one");

        var plain = await user.Client.PostAsync($"/api/v1/chat/{chatId}/regenerate", new StringContent("""{"history":"none"}""", System.Text.Encoding.UTF8, "text/plain"));
        var empty = await ReadCompletedAsync(await user.Client.PostAsync($"/api/v1/chat/{chatId}/regenerate", new StringContent("", System.Text.Encoding.UTF8, "text/plain")));

        Assert.Contains("application/json", (await plain.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType)).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, History(empty).Count);
    }

    [Theory]
    [InlineData("\"some\"")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("true")]
    [InlineData("[3]")]
    [InlineData("\"\\ud800\"")]
    public async Task AnyOtherHistoryIsA400NamingIt(string history)
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);

        var response = await user.Client.PostAsync("/api/v1/chat/response", new StringContent(
            $$"""{"chat_id":"{{chatId}}","prompt":"hi","history":{{history}}}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.True((await response.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("history", out _));
        Assert.Single(await ChatTransferTests.MessagesAsync(user, chatId));
    }

    private static async Task<JsonElement> CompletedAsync(TestUser user, Guid chatId, string prompt, object? overrides) =>
        Completed(await ChatScenario.SendAndReadAsync(user, chatId, prompt, overrides));

    private static async Task<JsonElement> ReadCompletedAsync(HttpResponseMessage response) => Completed(await Sse.ReadToEndAsync(response));

    private static JsonElement Completed(List<SseFrame> frames)
    {
        var completed = frames[^2].Json;
        Assert.Equal("completed", completed.GetProperty("status").GetString());
        return completed;
    }

    private static List<JsonElement> History(JsonElement completed) => completed.GetProperty("chatHistory").EnumerateArray().ToList();

    private static List<string?> Roles(JsonElement completed) => History(completed).Select(h => h.GetProperty("role").GetString()).ToList();
}

public sealed class ChatHistoryOptionTestsOnSqlite(SqliteChatServer server) : ChatHistoryOptionTests(server), IClassFixture<SqliteChatServer>;

public sealed class ChatHistoryOptionTestsOnPostgres(PostgresChatServer server) : ChatHistoryOptionTests(server), IClassFixture<PostgresChatServer>;

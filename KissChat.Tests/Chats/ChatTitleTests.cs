using System.Net;
using System.Net.Http.Json;
using KissChat.Chats.AutoTitle;
using KissChat.Tests.Fakes;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Chats;

/// <summary>A new chat is named after its character; <c>title: "auto"</c> asks the chat's model for a short title.</summary>
public abstract class ChatTitleTests(ChatServer server)
{
    private FakeModelServer Model => server.ModelServer;

    [Fact]
    public async Task AutoAsksTheChatsModelAboutItsFirstMessagesAndStoresACleanTitle()
    {
        var me = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(me);
        Assert.Equal("Mira", await TitleAsync(me, chatId));
        await ChatScenario.SendAndReadAsync(me, chatId, "Do you have a room for the night?");
        await (await me.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { settings = new { model = ChatServer.OtherAllowedModel } })).AssertOkJsonAsync();
        Model.Enqueue(ModelScript.Stream(["<think>an inn, a room</think>\n", "\"Title: A Room ", "at the Salty Gull.\"", "\nSecond line"]));

        var renamed = await (await me.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { title = "auto" })).AssertOkJsonAsync();

        Assert.Equal("A Room at the Salty Gull", renamed.GetProperty("data").GetProperty("title").GetString());
        Assert.Equal("A Room at the Salty Gull", await TitleAsync(me, chatId));
        var asked = Model.Requests[^1];
        Assert.Equal(ChatServer.OtherAllowedModel, asked.Model);
        Assert.Equal("system", asked.Messages[0].Role);
        Assert.Contains(ChatScenario.Greeting, asked.Messages[^1].Content, StringComparison.Ordinal);
        Assert.Contains("Do you have a room for the night?", asked.Messages[^1].Content, StringComparison.Ordinal);
        Assert.DoesNotContain(asked.Messages, m => m.Content.Contains("Stay in character.", StringComparison.Ordinal));
    }

    /// <summary>Found by a review: a kept reply without text (its model only reasoned) was shown to the model as a bare name.</summary>
    [Fact]
    public async Task AReplyWithoutTextIsLeftOutOfWhatTheModelNamesTheChatFrom()
    {
        var me = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(me);
        Model.Enqueue(ModelScript.ThinkThenCut("reasoning", ["I should say hi."]));
        await ChatScenario.SendAndReadAsync(me, chatId, "Anyone home?");
        Model.Enqueue(ModelScript.Stream(["Anyone Home"]));

        await (await me.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { title = "auto" })).AssertOkJsonAsync();

        Assert.Equal(
            [$"Character: {ChatScenario.Greeting}", "User: Anyone home?"],
            Model.Requests[^1].Messages[^1].Content.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task AProviderFailureOrAnEmptyAnswerIsABadGatewayAndTheTitleStays()
    {
        var me = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(me);
        await (await me.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { title = "Kept" })).AssertOkJsonAsync();

        Model.Enqueue(ModelScript.Status(400, """{"error":{"message":"unknown model"}}"""));
        await (await me.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { title = "auto", is_favorite = true })).AssertProblemAsync(HttpStatusCode.BadGateway);
        Model.Enqueue(ModelScript.Stream(["\"\"", "\n  "]));
        await (await me.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { title = "auto" })).AssertProblemAsync(HttpStatusCode.BadGateway);

        var view = (await (await me.Client.GetAsync($"/api/v1/chat/{chatId}")).AssertOkJsonAsync()).GetProperty("data");
        Assert.Equal("Kept", view.GetProperty("title").GetString());
        Assert.False(view.GetProperty("is_favorite").GetBoolean());
    }

    [Fact]
    public async Task AChatWithoutMessagesCannotBeNamedAutomatically()
    {
        var me = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(me, await ChatScenario.CreateCharacterAsync(me, greeting: null));
        var requests = Model.Requests.Count;

        await (await me.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { title = "auto" })).AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal(requests, Model.Requests.Count);
        Assert.Equal("Mira", await TitleAsync(me, chatId));
    }

    private static async Task<string?> TitleAsync(TestUser user, Guid chatId) =>
        (await (await user.Client.GetAsync($"/api/v1/chat/{chatId}")).AssertOkJsonAsync()).GetProperty("data").GetProperty("title").GetString();
}

public sealed class ChatTitleTestsOnSqlite(SqliteChatServer server) : ChatTitleTests(server), IClassFixture<SqliteChatServer>;

public sealed class ChatTitleTestsOnPostgres(PostgresChatServer server) : ChatTitleTests(server), IClassFixture<PostgresChatServer>;

public sealed class AutoTitleCleaningTests
{
    [Theory]
    [InlineData("Harbour Nights", "Harbour Nights")]
    [InlineData("  «Harbour   Nights.»  ", "Harbour Nights")]
    [InlineData("**Title:** The Inn\nbecause it is about an inn", "The Inn")]
    [InlineData("<think>\nhmm\n</think>\n\n'A Storm'", "A Storm")]
    [InlineData("<think>never closed", null)]
    [InlineData("\"\"", null)]
    public void AnswersAreCleanedToOneShortLine(string answer, string? title) => Assert.Equal(title, AutoTitles.Clean(answer));

    [Fact]
    public void LongAnswersAreCutAtAWord()
    {
        var title = AutoTitles.Clean(string.Join(' ', Enumerable.Repeat("seagull", 30)))!;

        Assert.True(title.Length <= AutoTitles.MaxLength);
        Assert.EndsWith("seagull", title, StringComparison.Ordinal);
    }
}

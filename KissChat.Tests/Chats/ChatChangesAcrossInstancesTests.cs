using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using KissChat.Tests.Auth;
using KissChat.Tests.Characters;
using KissChat.Tests.Fakes;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Chats;

/// <summary>
/// One user behind a balancer without sticky sessions: what they change through one instance holds on the next request,
/// which the other answers.
/// </summary>
public sealed class ChatChangesAcrossInstancesTests(TwoInstances instances) : IClassFixture<TwoInstances>
{
    [Fact]
    public async Task ALorebookAndACardsBookEditedOnOneInstanceAreWhatTheOthersNextReplyReads()
    {
        var (onFirst, onSecond) = await SignedInOnBothAsync();
        var characterId = await ChatScenario.CreateCharacterAsync(onFirst);
        var chatId = await ChatScenario.NewChatAsync(onFirst, characterId);
        var bookId = (await (await onFirst.Client.PostAsJsonAsync("/api/v1/lorebook/create", new
        {
            name = "Harbour",
            entries = new object[] { new { id = 1, keys = new[] { "ship" }, content = "The ship is red." } },
        })).AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("data").GetProperty("id").GetGuid();
        await (await onFirst.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { lorebook_ids = new[] { bookId } })).AssertOkJsonAsync();
        await (await CharacterApi.PatchAsync(onFirst, characterId, CardBook("The cellar is dry."))).AssertOkJsonAsync();
        // The second instance reads both books once, and keeps them parsed.
        await ChatScenario.SendAndReadAsync(onSecond, chatId, "The ship, the cellar?");
        Assert.Contains("The ship is red.", instances.Second.ModelServer.Requests[^1].Messages[0].Content, StringComparison.Ordinal);

        await (await onFirst.Client.PatchAsJsonAsync($"/api/v1/lorebook/update/{bookId}", new
        {
            entries = new object[] { new { id = 1, keys = new[] { "ship" }, content = "The ship is blue." } },
        })).AssertOkJsonAsync();
        await (await CharacterApi.PatchAsync(onFirst, characterId, CardBook("The cellar floods."))).AssertOkJsonAsync();
        Assert.Equal("completed", (await ChatScenario.SendAndReadAsync(onSecond, chatId, "The ship, the cellar, again?"))[^2].Status);

        var system = instances.Second.ModelServer.Requests[^1].Messages[0].Content;
        Assert.Contains("The ship is blue.", system, StringComparison.Ordinal);
        Assert.Contains("The cellar floods.", system, StringComparison.Ordinal);
        Assert.DoesNotContain("red", system, StringComparison.Ordinal);
        Assert.DoesNotContain("dry", system, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AChatDeletedOnOneInstanceEndsTheReplyTheOtherIsWritingFailedRefundedAndStoredNowhere()
    {
        var (onFirst, onSecond) = await SignedInOnBothAsync();
        var chatId = await ChatScenario.NewChatAsync(onFirst);
        var (reader, frames) = await ReplyWritingOnFirstAsync(onFirst, chatId);

        await (await onSecond.Client.DeleteAsync($"/api/v1/chat/{chatId}")).AssertOkJsonAsync();
        var deleted = Stopwatch.StartNew();
        var rest = new List<SseFrame>();
        await Sse.ReadRestAsync(reader, rest, TimeSpan.FromSeconds(20));

        Assert.InRange(deleted.Elapsed.TotalSeconds, 0, 5);
        Assert.Equal("failed", rest[^2].Status);
        Assert.Equal("The chat was deleted while the reply was being written.", rest[^2].Json.GetProperty("error").GetString());
        Assert.Equal("[DONE]", rest[^1].Data);
        Assert.Equal(50, await onSecond.KissCoinsAsync());
        var job = await (await onSecond.Client.GetAsync($"/api/v1/job/status/{ChatScenario.JobId(frames)}")).AssertOkJsonAsync();
        Assert.Equal("failed", job.GetProperty("status").GetString());
        await (await onFirst.Client.GetAsync($"/api/v1/chat/{chatId}/messages")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AnAccountDeletedOnOneInstanceStopsTheReplyTheOtherIsWritingAndItsStreamEnds()
    {
        var (onFirst, onSecond) = await SignedInOnBothAsync();
        var chatId = await ChatScenario.NewChatAsync(onFirst);
        var (reader, _) = await ReplyWritingOnFirstAsync(onFirst, chatId);

        await (await onSecond.Client.DeleteAsync($"/api/v1/user/delete/{onSecond.Id}")).AssertOkJsonAsync();
        var deleted = Stopwatch.StartNew();
        var rest = new List<SseFrame>();
        await Sse.ReadRestAsync(reader, rest, TimeSpan.FromSeconds(20));

        Assert.InRange(deleted.Elapsed.TotalSeconds, 0, 5);
        // Stored before the account went ("stopped"), or not ("failed").
        Assert.Contains(rest[^2].Status, new[] { "stopped", "failed" });
        Assert.Equal("[DONE]", rest[^1].Data);
    }

    [Fact]
    public async Task ChangesSentToOneInstanceWhileTheOtherWritesAReplyAreConflictsAndTheReplyIsKept()
    {
        var (onFirst, onSecond) = await SignedInOnBothAsync();
        var chatId = await ChatScenario.NewChatAsync(onFirst);
        await ChatScenario.SendAndReadAsync(onFirst, chatId, "first");
        var (reader, _) = await ReplyWritingOnFirstAsync(onFirst, chatId);

        var messages = (await (await onSecond.Client.GetAsync($"/api/v1/chat/{chatId}/messages")).AssertOkJsonAsync()).GetProperty("data");
        var lastId = messages[messages.GetArrayLength() - 1].GetProperty("id");
        await (await onSecond.Client.PostAsync($"/api/v1/chat/{chatId}/regenerate", null)).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await onSecond.Client.PostAsync($"/api/v1/chat/{chatId}/continue", null)).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await onSecond.Client.PostAsync($"/api/v1/chat/{chatId}/impersonate", null)).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await ChatScenario.SendAsync(onSecond, chatId, "third")).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await onSecond.Client.DeleteAsync($"/api/v1/chat/{chatId}/messages/{lastId}")).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await onSecond.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}/messages/{lastId}", new { content = "x" })).AssertProblemAsync(HttpStatusCode.Conflict);
        var rest = new List<SseFrame>();
        await Sse.ReadRestAsync(reader, rest, TimeSpan.FromSeconds(30));

        Assert.Equal("completed", rest[^2].Status);
        var after = (await (await onSecond.Client.GetAsync($"/api/v1/chat/{chatId}/messages")).AssertOkJsonAsync()).GetProperty("data");
        Assert.Equal(["first", "hello from A"], after.EnumerateArray().Where(m => m.GetProperty("role").GetString() == "user").Select(m => m.GetProperty("content").GetString()));
        Assert.Equal(rest[^2].Json.GetProperty("response").GetString(), after[after.GetArrayLength() - 1].GetProperty("content").GetString());
    }

    /// <summary>A reply on the first instance, read to its first token, from a model that writes on for fifteen seconds.</summary>
    private async Task<(IAsyncEnumerator<SseFrame> Reader, List<SseFrame> Frames)> ReplyWritingOnFirstAsync(TestUser user, Guid chatId)
    {
        instances.First.ModelServer.Enqueue(ModelScript.Stream(Enumerable.Repeat("and ", 60), TimeSpan.FromMilliseconds(250)));
        var response = await ChatScenario.SendAsync(user, chatId, "hello from A");
        var frames = new List<SseFrame>();
        var reader = Sse.ReadAsync(response).GetAsyncEnumerator();
        while (ChatScenario.Tokens(frames).Length == 0 && await reader.MoveNextAsync())
        {
            frames.Add(reader.Current);
        }

        return (reader, frames);
    }

    private static string CardBook(string lore) =>
        $$$"""{"character_book": {"name": "Cellar", "entries": [{"keys": ["cellar"], "content": "{{{lore}}}", "enabled": true, "insertion_order": 1, "extensions": {}}]}}""";

    /// <summary>One account, one browser per instance, as a balancer without sticky sessions makes of one browser.</summary>
    private async Task<(TestUser First, TestUser Second)> SignedInOnBothAsync()
    {
        var user = await TestUser.SignUpAsync(instances.First);
        return (user, user with { Client = SessionEndTests.Bearer(instances.Second, user.AccessToken) });
    }
}

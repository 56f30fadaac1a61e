using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KissChat.Kernel.Database;
using KissChat.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Tests.Chats;

/// <summary>chat/{id}/branch: a new chat going on from one message, which remembers where it came from.</summary>
public abstract class ChatBranchTests(ChatServer server)
{
    [Fact]
    public async Task ABranchKeepsTheChatsChoicesAndItsMessagesUpToTheOneChosenWithTheirSwipes()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var personaId = await CreatedIdAsync(user, "/api/v1/persona/create", new { name = "Ada" });
        var bookId = await CreatedIdAsync(user, "/api/v1/lorebook/create", new { name = "Harbour lore" });
        await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new
        {
            persona_id = personaId,
            lorebook_ids = new[] { bookId },
            settings = new { temperature = 0.25 },
            // Depth 0 (after the last message) is the CLR default an EF model with a database default would leave out.
            author_note = new { text = "Keep it short.", depth = 0 },
            pinned = true,
        })).AssertOkJsonAsync();
        server.ModelServer.Enqueue(Fakes.ModelScript.Stream(["first take"]));
        await ChatScenario.SendAndReadAsync(user, chatId, "q1");
        server.ModelServer.Enqueue(Fakes.ModelScript.Stream(["second take"]));
        await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Post, $"/api/v1/chat/{chatId}/regenerate"));
        server.ModelServer.Enqueue(Fakes.ModelScript.Stream(["r2"]));
        await ChatScenario.SendAndReadAsync(user, chatId, "q2");
        await ChatScenario.SendAndReadAsync(user, chatId, "q3, not in the branch");
        var source = await ChatTransferTests.MessagesAsync(user, chatId);
        var at = source[4];

        var response = await user.Client.PostAsJsonAsync($"/api/v1/chat/{chatId}/branch", new { message_id = at.GetProperty("id").GetGuid() });

        var branchId = (await response.AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("newChatID").GetGuid();
        Assert.Equal($"/api/v1/chat/{branchId}", response.Headers.Location?.ToString());
        var original = await ChatAsync(user, chatId);
        var branch = await ChatAsync(user, branchId);
        foreach (var kept in new[] { "title", "character", "persona_id", "lorebook_ids", "settings", "author_note", "pinned", "pinned_at" })
        {
            Assert.Equal(original.GetProperty(kept).ToString(), branch.GetProperty(kept).ToString());
        }

        Assert.Equal(chatId, branch.GetProperty("branched_from").GetProperty("chat_id").GetGuid());
        Assert.Equal(at.GetProperty("id").GetGuid(), branch.GetProperty("branched_from").GetProperty("message_id").GetGuid());
        Assert.Equal(JsonValueKind.Null, original.GetProperty("branched_from").ValueKind);
        var list = (await (await user.Client.GetAsync("/api/v1/chat/list")).AssertOkJsonAsync()).GetProperty("data").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetGuid());
        Assert.Equal(branch.GetProperty("branched_from").ToString(), list[branchId].GetProperty("branched_from").ToString());
        Assert.Equal(JsonValueKind.Null, list[chatId].GetProperty("branched_from").ValueKind);
        var listed = Assert.Single(original.GetProperty("branches").EnumerateArray());
        Assert.Equal(branchId, listed.GetProperty("id").GetGuid());
        Assert.Equal(branch.GetProperty("created_at").GetDateTime(), listed.GetProperty("created_at").GetDateTime());
        var copied = await ChatTransferTests.MessagesAsync(user, branchId);
        Assert.Equal(source.Take(5).Select(Shape), copied.Select(Shape));
        Assert.Equal(["first take", "second take"], copied[2].GetProperty("swipes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(1, copied[2].GetProperty("swipe_index").GetInt32());
        Assert.Empty(copied.Select(m => m.GetProperty("id").GetGuid()).Intersect(source.Select(m => m.GetProperty("id").GetGuid())));

        // The branch's messages are its own: they change without touching the original's, and it goes on from them. Its
        // pinned copy is its own too: an edit of the live character does not reach it.
        await (await Characters.CharacterApi.PatchAsync(user, original.GetProperty("character").GetProperty("id").GetGuid(), """{"personality": "changed after the pin"}""")).AssertOkJsonAsync();
        await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{branchId}/messages/{copied[2].GetProperty("id")}", new { content = "edited in the branch" })).AssertOkJsonAsync();
        await (await user.Client.PutAsJsonAsync($"/api/v1/chat/{branchId}/messages/{copied[4].GetProperty("id")}/swipe", new { index = 0 })).AssertOkJsonAsync();
        await ChatScenario.SendAndReadAsync(user, branchId, "q3 in the branch");
        var prompt = server.ModelServer.Requests[^1].Messages.Select(m => m.Content).ToList();
        Assert.Contains("edited in the branch", prompt);
        Assert.DoesNotContain("q3, not in the branch", prompt);
        Assert.DoesNotContain("changed after the pin", prompt[0], StringComparison.Ordinal);
        Assert.Equal("second take", (await ChatTransferTests.MessagesAsync(user, chatId))[2].GetProperty("content").GetString());
    }

    [Fact]
    public async Task ALongChatBranchesInOneGo()
    {
        var user = await TestUser.SignUpAsync(server);
        var characterId = await ChatScenario.CreateCharacterAsync(user);
        var file = new StringBuilder("""{"user_name":"U","character_name":"C","create_date":"2026-12-01@08h00m00s","chat_metadata":{}}""");
        for (var i = 0; i < 5000; i++)
        {
            file.Append('\n').Append(i % 2 == 0
                ? $$"""{"name":"U","is_user":true,"is_system":false,"send_date":"December 1, 2026 9:00am","mes":"question {{i}}"}"""
                : $$"""{"name":"C","is_user":false,"is_system":false,"send_date":"December 1, 2026 9:01am","mes":"answer {{i}}","swipes":["other {{i}}","answer {{i}}"],"swipe_id":1}""");
        }

        var chatId = await ChatTransferTests.ImportAsync(user, characterId, Encoding.UTF8.GetBytes(file.ToString()));
        var last = (await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/messages?limit=1")).AssertOkJsonAsync()).GetProperty("data")[0];

        var clock = Stopwatch.StartNew();
        var response = await user.Client.PostAsJsonAsync($"/api/v1/chat/{chatId}/branch", new { message_id = last.GetProperty("id").GetGuid() });
        clock.Stop();

        var branchId = (await response.AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("newChatID").GetGuid();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"branching 5,000 messages took {clock.Elapsed}");
        var newest = (await (await user.Client.GetAsync($"/api/v1/chat/{branchId}/messages?limit=1")).AssertOkJsonAsync()).GetProperty("data")[0];
        Assert.Equal(5000, newest.GetProperty("seq").GetInt32());
        Assert.Equal("answer 4999", newest.GetProperty("content").GetString());
        Assert.Equal(["other 4999", "answer 4999"], newest.GetProperty("swipes").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task OnlyMyChatAndOneOfItsOwnMessagesCanBeBranched()
    {
        var owner = await TestUser.SignUpAsync(server);
        var stranger = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(owner);
        var otherChat = await ChatScenario.NewChatAsync(owner);
        var messageId = (await ChatTransferTests.MessagesAsync(owner, chatId))[0].GetProperty("id").GetGuid();
        var otherMessage = (await ChatTransferTests.MessagesAsync(owner, otherChat))[0].GetProperty("id").GetGuid();

        var theirs = await stranger.Client.PostAsJsonAsync($"/api/v1/chat/{chatId}/branch", new { message_id = messageId });
        var elsewhere = await owner.Client.PostAsJsonAsync($"/api/v1/chat/{chatId}/branch", new { message_id = otherMessage });
        var none = await owner.Client.PostAsJsonAsync($"/api/v1/chat/{chatId}/branch", new { });

        await theirs.AssertProblemAsync(HttpStatusCode.Forbidden);
        await elsewhere.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.True((await none.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("message_id", out _));
        Assert.Equal(0, (await ChatAsync(owner, chatId)).GetProperty("branches").GetArrayLength());
        Assert.Equal(2, (await (await owner.Client.GetAsync("/api/v1/chat/list")).AssertOkJsonAsync()).GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task DeletingTheOriginalLeavesTheBranchWhole()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        await ChatScenario.SendAndReadAsync(user, chatId, "hello");
        var messages = await ChatTransferTests.MessagesAsync(user, chatId);
        var branchId = (await (await user.Client.PostAsJsonAsync($"/api/v1/chat/{chatId}/branch", new { message_id = messages[^1].GetProperty("id").GetGuid() }))
            .AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("newChatID").GetGuid();

        await (await user.Client.DeleteAsync($"/api/v1/chat/{chatId}")).AssertOkJsonAsync();

        var branch = await ChatAsync(user, branchId);
        Assert.Equal(JsonValueKind.Null, branch.GetProperty("branched_from").ValueKind);
        Assert.Equal(messages.Count, (await ChatTransferTests.MessagesAsync(user, branchId)).Count);
    }

    private static string Shape(JsonElement message) => string.Join("|",
        message.GetProperty("seq").GetInt32(), message.GetProperty("role").GetString(), message.GetProperty("content").GetString(),
        message.GetProperty("swipe_index").GetInt32(), message.GetProperty("swipes").ToString(), message.GetProperty("status").GetString(),
        message.GetProperty("created_at").GetDateTime().ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture));

    private static async Task<JsonElement> ChatAsync(TestUser user, Guid chatId) =>
        (await (await user.Client.GetAsync($"/api/v1/chat/{chatId}")).AssertOkJsonAsync()).GetProperty("data");

    private static async Task<Guid> CreatedIdAsync(TestUser user, string path, object body) =>
        (await (await user.Client.PostAsJsonAsync(path, body)).AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("data").GetProperty("id").GetGuid();

    /// <summary>
    /// The chat deleted between the branch's checks and its write (here by a trigger, at the write): a 404, not the
    /// foreign key's failure as a 500.
    /// </summary>
    [Fact]
    public async Task AChatDeletedAsItIsBranchedIsA404()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { title = "Going, going" })).AssertOkJsonAsync();
        var greeting = (await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/messages")).AssertOkJsonAsync()).GetProperty("data")[0].GetProperty("id").GetGuid();
        await SqlAsync(server.Database == TestDatabase.Sqlite
            ? """CREATE TRIGGER source_gone BEFORE INSERT ON chats WHEN NEW.title = 'Going, going' AND NEW.branched_from_chat_id IS NOT NULL BEGIN DELETE FROM chats WHERE id = NEW.branched_from_chat_id; END;"""
            : """
              CREATE FUNCTION source_gone() RETURNS trigger AS $$ BEGIN DELETE FROM chats WHERE id = NEW.branched_from_chat_id; RETURN NEW; END $$ LANGUAGE plpgsql;
              CREATE TRIGGER source_gone BEFORE INSERT ON chats FOR EACH ROW WHEN (NEW.title = 'Going, going' AND NEW.branched_from_chat_id IS NOT NULL) EXECUTE FUNCTION source_gone();
              """);
        try
        {
            var branched = await user.Client.PostAsJsonAsync($"/api/v1/chat/{chatId}/branch", new { message_id = greeting });

            Assert.Equal("The chat or its message was deleted meanwhile.", (await branched.AssertProblemAsync(HttpStatusCode.NotFound)).GetProperty("error").GetString());
        }
        finally
        {
            await SqlAsync(server.Database == TestDatabase.Sqlite ? "DROP TRIGGER source_gone;" : "DROP TRIGGER source_gone ON chats; DROP FUNCTION source_gone();");
        }
    }

    private Task SqlAsync(string sql) =>
        server.Services.GetRequiredService<IServiceScopeFactory>().WithDatabaseAsync(db => db.Database.ExecuteSqlRawAsync(sql));
}

public sealed class ChatBranchTestsOnSqlite(SqliteChatServer server) : ChatBranchTests(server), IClassFixture<SqliteChatServer>;

public sealed class ChatBranchTestsOnPostgres(PostgresChatServer server) : ChatBranchTests(server), IClassFixture<PostgresChatServer>;

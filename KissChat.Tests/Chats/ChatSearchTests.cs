using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KissChat.Kernel.Database;
using KissChat.Tests.Fakes;
using KissChat.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Tests.Chats;

/// <summary><c>GET chat/search</c>: full-text search over my messages, on each database's own full-text index.</summary>
public abstract class ChatSearchTests(ChatServer server)
{
    [Fact]
    public async Task SearchFindsMyMessagesWithTheirChatCharacterAndAnEscapedHighlight()
    {
        var me = await TestUser.SignUpAsync(server);
        var other = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(me);
        await ChatScenario.SendAndReadAsync(me, chatId, "The lighthouse keeper owes me <b>gold</b>, 5 < 7 & \"silver\"");
        await ChatScenario.SendAndReadAsync(other, await ChatScenario.NewChatAsync(other), "Another lighthouse, someone else's");

        var found = Single(await SearchAsync(me, "LIGHTHOUSE gold"));

        Assert.Equal("user", found.GetProperty("role").GetString());
        Assert.Equal(chatId, found.GetProperty("chat").GetProperty("id").GetGuid());
        Assert.Equal("Mira", found.GetProperty("chat").GetProperty("title").GetString());
        Assert.Equal("Mira", found.GetProperty("character").GetProperty("name").GetString());
        var snippet = found.GetProperty("snippet").GetString()!;
        Assert.Contains("<mark>lighthouse</mark>", snippet, StringComparison.Ordinal);
        Assert.Contains("<mark>gold</mark>", snippet, StringComparison.Ordinal);
        Assert.Contains("5 &lt; 7 &amp; &quot;silver&quot;", snippet, StringComparison.Ordinal);
        Assert.DoesNotContain('<', Unmarked(snippet));
        Assert.Empty(Data(await SearchAsync(me, "lighthouse someone")));
        Assert.Equal("Another lighthouse, someone else&#39;s", Unmarked(Single(await SearchAsync(other, "lighthouse")).GetProperty("snippet").GetString()!));
    }

    [Fact]
    public async Task SearchFollowsEditsSwipeSelectionsAndDeletes()
    {
        var (me, chatId) = await ChatAnsweredAsync("tell me of seabirds", "a quiet albatross");
        var reply = Single(await SearchAsync(me, "albatross"));
        var replyId = reply.GetProperty("id").GetGuid();

        await (await me.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}/messages/{replyId}", new { content = "a loud cormorant" })).AssertOkJsonAsync();
        Assert.Empty(Data(await SearchAsync(me, "albatross")));
        Assert.Equal(replyId, Single(await SearchAsync(me, "cormorant")).GetProperty("id").GetGuid());

        server.ModelServer.Enqueue(ModelScript.Stream(["a shy puffin"]));
        await Sse.ReadToEndAsync(await Sse.OpenAsync(me.Client, HttpMethod.Post, $"/api/v1/chat/{chatId}/regenerate"));
        Assert.Empty(Data(await SearchAsync(me, "cormorant")));
        Assert.Single(Data(await SearchAsync(me, "puffin")));
        await (await me.Client.PutAsJsonAsync($"/api/v1/chat/{chatId}/messages/{replyId}/swipe", new { index = 0 })).AssertOkJsonAsync();
        Assert.Empty(Data(await SearchAsync(me, "puffin")));
        Assert.Single(Data(await SearchAsync(me, "cormorant")));

        await (await me.Client.DeleteAsync($"/api/v1/chat/{chatId}/messages/{replyId}")).AssertOkJsonAsync();
        Assert.Empty(Data(await SearchAsync(me, "cormorant")));
        Assert.Single(Data(await SearchAsync(me, "seabirds")));
        await (await me.Client.DeleteAsync($"/api/v1/chat/{chatId}")).AssertOkJsonAsync();
        Assert.Empty(Data(await SearchAsync(me, "seabirds")));
    }

    [Fact]
    public async Task AMessageStoredWhereADeletedOneWasIsFoundAtOnce()
    {
        var (me, chatId) = await ChatAnsweredAsync("where is the heron", "a grey wagtail");
        var replyId = Single(await SearchAsync(me, "wagtail")).GetProperty("id").GetGuid();

        // The newest message goes, so SQLite gives the next one its rowid: one the index has already passed.
        await (await me.Client.DeleteAsync($"/api/v1/chat/{chatId}/messages/{replyId}")).AssertOkJsonAsync();
        await SendAsync(me, chatId, "a bold kingfisher", "a green parakeet");

        Assert.Equal("user", Single(await SearchAsync(me, "kingfisher")).GetProperty("role").GetString());
        await AssertHitsAsync(me, ("parakeet", 1), ("wagtail", 0));
    }

    [Fact]
    public async Task EditsAndDeletesOfMessagesNotYetSearchedLeaveTheIndexWhole()
    {
        var (me, chatId) = await ChatAnsweredAsync("name a waterbird", "a lazy pelican");
        await SendAsync(me, chatId, "and another", "a tired gannet");
        var messages = (await (await me.Client.GetAsync($"/api/v1/chat/{chatId}/messages")).AssertOkJsonAsync()).GetProperty("data").EnumerateArray()
            .ToDictionary(m => m.GetProperty("content").GetString()!, m => m.GetProperty("id").GetGuid());

        await (await me.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}/messages/{messages["a lazy pelican"]}", new { content = "a brisk osprey" })).AssertOkJsonAsync();
        await (await me.Client.DeleteAsync($"/api/v1/chat/{chatId}/messages/{messages["a tired gannet"]}")).AssertOkJsonAsync();

        await AssertHitsAsync(me, ("pelican", 0), ("osprey", 1), ("gannet", 0), ("waterbird", 1));
    }

    [Fact]
    public async Task SearchPagesGoNewestFirstWithoutRepeatsOrGaps()
    {
        var me = await TestUser.SignUpAsync(server);
        var first = await ChatScenario.NewChatAsync(me);
        var second = await ChatScenario.NewChatAsync(me);
        for (var i = 1; i <= 5; i++)
        {
            await ChatScenario.SendAndReadAsync(me, i % 2 == 0 ? first : second, $"needle number {i}");
        }

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await SearchAsync(me, "needle", $"&limit=2{(cursor is null ? "" : $"&cursor={cursor}")}");
            seen.AddRange(Data(page).Select(m => m.GetProperty("snippet").GetString()!));
            cursor = page.GetProperty("next_cursor").GetString();
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(1, 5).Reverse().Select(i => $"<mark>needle</mark> number {i}"), seen);
        await (await me.Client.GetAsync("/api/v1/chat/search?q=needle&cursor=bogus")).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("\"unbalanced phrase")]
    [InlineData("*")]
    [InlineData("star*")]
    [InlineData("AND")]
    [InlineData("a OR")]
    [InlineData("NOT x")]
    [InlineData("NEAR(a b)")]
    [InlineData("content:x")]
    [InlineData("-minus")]
    [InlineData("((( ^ )))")]
    [InlineData("'; DROP TABLE chats; --")]
    [InlineData("100% _ \\ :: !")]
    [InlineData("🦜 émoji")]
    public async Task QuerySyntaxCharactersAreSearchedAsTextNeverErrors(string q)
    {
        var me = await TestUser.SignUpAsync(server);
        await ChatScenario.SendAndReadAsync(me, await ChatScenario.NewChatAsync(me), "content: star NEAR the minus sign, x AND a OR émoji 🦜");

        var page = await (await me.Client.GetAsync($"/api/v1/chat/search?q={Uri.EscapeDataString(q)}")).AssertOkJsonAsync();

        Assert.Equal(JsonValueKind.Array, page.GetProperty("data").ValueKind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("q=")]
    [InlineData("q=%20%20")]
    [InlineData("q=a%01b")]
    public async Task AMissingBlankOrOverlongQueryIsABadRequestNamingQ(string query)
    {
        var me = await TestUser.SignUpAsync(server);
        foreach (var path in new[] { $"/api/v1/chat/search?{query}", $"/api/v1/chat/search?q={new string('x', 201)}" })
        {
            var problem = await (await me.Client.GetAsync(path)).AssertProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("q", out _), problem.ToString());
        }
    }

    /// <summary>A new user's chat in which <paramref name="prompt"/> was answered with <paramref name="reply"/>.</summary>
    private async Task<(TestUser Me, Guid ChatId)> ChatAnsweredAsync(string prompt, string reply)
    {
        var me = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(me);
        await SendAsync(me, chatId, prompt, reply);
        return (me, chatId);
    }

    private async Task SendAsync(TestUser user, Guid chatId, string prompt, string reply)
    {
        server.ModelServer.Enqueue(ModelScript.Stream([reply]));
        await ChatScenario.SendAndReadAsync(user, chatId, prompt);
    }

    /// <summary>
    /// How many messages each word finds; then, on SQLite, FTS5's own check that its index holds exactly what
    /// chat_messages does, now that those searches have caught it up.
    /// </summary>
    private async Task AssertHitsAsync(TestUser user, params (string Q, int Hits)[] expected)
    {
        foreach (var (q, hits) in expected)
        {
            Assert.True(Data(await SearchAsync(user, q)).Count == hits, $"'{q}' should find {hits} message(s).");
        }

        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KissChatDbContext>();
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("""INSERT INTO "chat_messages_search" ("chat_messages_search", "rank") VALUES ('integrity-check', 1)""");
        }
    }

    private static async Task<JsonElement> SearchAsync(TestUser user, string q, string more = "") =>
        await (await user.Client.GetAsync($"/api/v1/chat/search?q={Uri.EscapeDataString(q)}{more}")).AssertOkJsonAsync();

    private static List<JsonElement> Data(JsonElement page) => [.. page.GetProperty("data").EnumerateArray()];

    private static JsonElement Single(JsonElement page) => Assert.Single(Data(page));

    private static string Unmarked(string snippet) => snippet.Replace("<mark>", "", StringComparison.Ordinal).Replace("</mark>", "", StringComparison.Ordinal);
}

public sealed class ChatSearchTestsOnSqlite(SqliteChatServer server) : ChatSearchTests(server), IClassFixture<SqliteChatServer>;

public sealed class ChatSearchTestsOnPostgres(PostgresChatServer server) : ChatSearchTests(server), IClassFixture<PostgresChatServer>;

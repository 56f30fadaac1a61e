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
        var me = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(me);
        server.ModelServer.Enqueue(ModelScript.Stream(["a quiet albatross"]));
        await ChatScenario.SendAndReadAsync(me, chatId, "tell me of seabirds");
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
        var me = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(me);
        server.ModelServer.Enqueue(ModelScript.Stream(["a grey wagtail"]));
        await ChatScenario.SendAndReadAsync(me, chatId, "where is the heron");
        var replyId = Single(await SearchAsync(me, "wagtail")).GetProperty("id").GetGuid();

        // The newest message goes, so SQLite gives the next one its rowid: one the index has already passed.
        await (await me.Client.DeleteAsync($"/api/v1/chat/{chatId}/messages/{replyId}")).AssertOkJsonAsync();
        server.ModelServer.Enqueue(ModelScript.Stream(["a green parakeet"]));
        await ChatScenario.SendAndReadAsync(me, chatId, "a bold kingfisher");

        Assert.Equal("user", Single(await SearchAsync(me, "kingfisher")).GetProperty("role").GetString());
        Assert.Single(Data(await SearchAsync(me, "parakeet")));
        Assert.Empty(Data(await SearchAsync(me, "wagtail")));
        await AssertIndexMatchesMessagesAsync();
    }

    [Fact]
    public async Task EditsAndDeletesOfMessagesNotYetSearchedLeaveTheIndexWhole()
    {
        var me = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(me);
        server.ModelServer.Enqueue(ModelScript.Stream(["a lazy pelican"]));
        await ChatScenario.SendAndReadAsync(me, chatId, "name a waterbird");
        server.ModelServer.Enqueue(ModelScript.Stream(["a tired gannet"]));
        await ChatScenario.SendAndReadAsync(me, chatId, "and another");
        var messages = (await (await me.Client.GetAsync($"/api/v1/chat/{chatId}/messages")).AssertOkJsonAsync()).GetProperty("data").EnumerateArray()
            .ToDictionary(m => m.GetProperty("content").GetString()!, m => m.GetProperty("id").GetGuid());

        await (await me.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}/messages/{messages["a lazy pelican"]}", new { content = "a brisk osprey" })).AssertOkJsonAsync();
        await (await me.Client.DeleteAsync($"/api/v1/chat/{chatId}/messages/{messages["a tired gannet"]}")).AssertOkJsonAsync();

        Assert.Empty(Data(await SearchAsync(me, "pelican")));
        Assert.Single(Data(await SearchAsync(me, "osprey")));
        Assert.Empty(Data(await SearchAsync(me, "gannet")));
        Assert.Single(Data(await SearchAsync(me, "waterbird")));
        await AssertIndexMatchesMessagesAsync();
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

    /// <summary>On SQLite, FTS5's own check that its index holds exactly what chat_messages does, once a search has caught up.</summary>
    private async Task AssertIndexMatchesMessagesAsync()
    {
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

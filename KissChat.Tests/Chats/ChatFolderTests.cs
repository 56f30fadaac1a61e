using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Chats;

/// <summary>Favourite chats and folders: set with <c>PATCH chat/{id}</c>, shown in chat views, filtering <c>chat/list</c>.</summary>
public abstract class ChatFolderTests(ChatServer server)
{
    [Fact]
    public async Task FavouritesAndFoldersAreSetShownAndCleared()
    {
        var me = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(me);

        var updated = await (await me.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { is_favorite = true, folder = "  Harbour tales " })).AssertOkJsonAsync();
        Assert.True(updated.GetProperty("data").GetProperty("is_favorite").GetBoolean());
        Assert.Equal("Harbour tales", updated.GetProperty("data").GetProperty("folder").GetString());
        var view = (await (await me.Client.GetAsync($"/api/v1/chat/{chatId}")).AssertOkJsonAsync()).GetProperty("data");
        Assert.True(view.GetProperty("is_favorite").GetBoolean());
        Assert.Equal("Harbour tales", view.GetProperty("folder").GetString());
        var listed = Assert.Single(Data(await ListAsync(me, "")));
        Assert.True(listed.GetProperty("is_favorite").GetBoolean());
        Assert.Equal("Harbour tales", listed.GetProperty("folder").GetString());

        await (await me.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { title = "Renamed" })).AssertOkJsonAsync();
        view = (await (await me.Client.GetAsync($"/api/v1/chat/{chatId}")).AssertOkJsonAsync()).GetProperty("data");
        Assert.True(view.GetProperty("is_favorite").GetBoolean());
        Assert.Equal("Harbour tales", view.GetProperty("folder").GetString());

        foreach (var clear in new object[] { new { folder = "  " }, new { folder = (string?)null } })
        {
            await (await me.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { folder = "x" })).AssertOkJsonAsync();
            var cleared = await (await me.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", clear)).AssertOkJsonAsync();
            Assert.Equal(JsonValueKind.Null, cleared.GetProperty("data").GetProperty("folder").ValueKind);
        }

        var unfavoured = await (await me.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { is_favorite = false })).AssertOkJsonAsync();
        Assert.False(unfavoured.GetProperty("data").GetProperty("is_favorite").GetBoolean());
    }

    [Fact]
    public async Task BadFavouritesAndFoldersAreBadRequestsNamingTheField()
    {
        var me = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(me);

        foreach (var (body, field) in new (object Body, string Field)[]
        {
            (new { is_favorite = (bool?)null }, "is_favorite"),
            (new { folder = new string('f', 101) }, "folder"),
            (new { folder = "tab\there" }, "folder"),
        })
        {
            var problem = await (await me.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", body)).AssertProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        }

        var listProblem = await (await me.Client.GetAsync($"/api/v1/chat/list?folder={new string('f', 101)}")).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(listProblem.GetProperty("errors").TryGetProperty("folder", out _), listProblem.ToString());
        var view = (await (await me.Client.GetAsync($"/api/v1/chat/{chatId}")).AssertOkJsonAsync()).GetProperty("data");
        Assert.False(view.GetProperty("is_favorite").GetBoolean());
        Assert.Equal(JsonValueKind.Null, view.GetProperty("folder").ValueKind);
    }

    [Fact]
    public async Task TheListFiltersByFavouriteAndFolderAndPagesThroughTheFilteredChats()
    {
        var me = await TestUser.SignUpAsync(server);
        var other = await TestUser.SignUpAsync(server);
        var characterId = await ChatScenario.CreateCharacterAsync(me);
        var chats = new List<Guid>();
        for (var i = 0; i < 7; i++)
        {
            var chatId = await ChatScenario.NewChatAsync(me, characterId);
            chats.Add(chatId);
            await (await me.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { is_favorite = i % 2 == 0, folder = i < 5 ? "Sea" : "Land" })).AssertOkJsonAsync();
        }

        var otherChat = await ChatScenario.NewChatAsync(other);
        await (await other.Client.PatchAsJsonAsync($"/api/v1/chat/{otherChat}", new { is_favorite = true, folder = "Sea" })).AssertOkJsonAsync();

        Assert.Equal(Newest(chats, 0, 2, 4, 6), await AllPagesAsync(me, "&favorite=true"));
        Assert.Equal(Newest(chats, 1, 3, 5), await AllPagesAsync(me, "&favorite=false"));
        Assert.Equal(Newest(chats, 0, 1, 2, 3, 4), await AllPagesAsync(me, "&folder=Sea"));
        Assert.Equal(Newest(chats, 0, 2, 4), await AllPagesAsync(me, "&folder=%20Sea%20&favorite=true"));
        Assert.Empty(await AllPagesAsync(me, "&folder=sea"));

        var folders = (await (await me.Client.GetAsync("/api/v1/chat/folders")).AssertOkJsonAsync()).GetProperty("data");
        Assert.Equal(["Land:2", "Sea:5"], folders.EnumerateArray().Select(f => $"{f.GetProperty("name").GetString()}:{f.GetProperty("chats").GetInt32()}"));
    }

    private static List<Guid> Newest(List<Guid> chats, params int[] indexes) => [.. indexes.Reverse().Select(i => chats[i])];

    private static async Task<List<Guid>> AllPagesAsync(TestUser user, string filters)
    {
        var ids = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await ListAsync(user, $"limit=2{filters}{(cursor is null ? "" : $"&cursor={cursor}")}");
            ids.AddRange(Data(page).Select(c => c.GetProperty("id").GetGuid()));
            cursor = page.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null);

        return ids;
    }

    private static async Task<JsonElement> ListAsync(TestUser user, string query) =>
        await (await user.Client.GetAsync($"/api/v1/chat/list?{query}")).AssertOkJsonAsync();

    private static List<JsonElement> Data(JsonElement page) => [.. page.GetProperty("data").EnumerateArray()];
}

public sealed class ChatFolderTestsOnSqlite(SqliteChatServer server) : ChatFolderTests(server), IClassFixture<SqliteChatServer>;

public sealed class ChatFolderTestsOnPostgres(PostgresChatServer server) : ChatFolderTests(server), IClassFixture<PostgresChatServer>;

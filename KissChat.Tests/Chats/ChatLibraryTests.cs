using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KissChat.Kernel.Export;
using KissChat.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Tests.Chats;

public abstract class ChatLibraryTests(ChatServer server)
{
    [Fact]
    public async Task MyChatsAreListedMostRecentFirstWithCharacterAndPreviewAndPagesDoNotRepeat()
    {
        var user = await TestUser.SignUpAsync(server);
        var characterId = await ChatScenario.CreateCharacterAsync(user);
        var chats = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            chats.Add(await ChatScenario.NewChatAsync(user, characterId));
        }

        await ChatScenario.SendAndReadAsync(user, chats[0], "bring the oldest chat to the top");

        var first = await ListAsync(user, "limit=2");
        await ChatScenario.SendAndReadAsync(user, chats[3], "moves to the top meanwhile");
        var seen = Ids(first);
        for (var page = first; page.GetProperty("next_cursor").GetString() is { } next;)
        {
            page = await ListAsync(user, $"limit=2&cursor={next}");
            seen.AddRange(Ids(page));
        }

        // The chat that jumped to the top was behind the cursor: it is neither repeated nor are others skipped.
        Assert.Equal([chats[0], chats[4]], Ids(first));
        Assert.Equal([chats[0], chats[4], chats[2], chats[1]], seen);
        var top = first.GetProperty("data")[0];
        Assert.Equal("Mira", top.GetProperty("character").GetProperty("name").GetString());
        Assert.Equal(characterId, top.GetProperty("character").GetProperty("id").GetGuid());
        Assert.Equal("Hello from the fake model.", top.GetProperty("last_message").GetString());
        Assert.Equal(ChatScenario.Greeting, first.GetProperty("data")[1].GetProperty("last_message").GetString());
    }

    [Fact]
    public async Task TheChatsOfOneCharacterCanBeListedAndOnlyMine()
    {
        var user = await TestUser.SignUpAsync(server);
        var other = await TestUser.SignUpAsync(server);
        var mira = await ChatScenario.CreateCharacterAsync(user);
        var otherCharacter = await ChatScenario.CreateCharacterAsync(user);
        var miraChat = await ChatScenario.NewChatAsync(user, mira);
        await ChatScenario.NewChatAsync(user, otherCharacter);
        await ChatScenario.NewChatAsync(other);

        var onlyMira = await ListAsync(user, $"character_id={mira}");
        var theirs = await ListAsync(other, $"character_id={mira}");

        Assert.Equal([miraChat], Ids(onlyMira));
        Assert.Empty(Ids(theirs));
        Assert.Equal(JsonValueKind.Null, onlyMira.GetProperty("next_cursor").ValueKind);
        await (await user.Client.GetAsync("/api/v1/chat/list?cursor=garbage")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await user.Client.GetAsync("/api/v1/chat/list?limit=500")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await user.Client.GetAsync("/api/v1/chat/list?character_id=nope")).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AChatExportsAsJsonWithSwipesAndAsMarkdown()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        await ChatScenario.SendAndReadAsync(user, chatId, "What's on the menu?");
        await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { title = "Dinner / at the Gull" })).AssertOkJsonAsync();

        var json = await user.Client.GetAsync($"/api/v1/chat/{chatId}/export.json");
        var markdown = await user.Client.GetAsync($"/api/v1/chat/{chatId}/export.md");

        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Dinner  at the Gull.json", json.Content.Headers.ContentDisposition?.FileNameStar ?? json.Content.Headers.ContentDisposition?.FileName);
        var exported = JsonDocument.Parse(await json.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Mira", exported.GetProperty("character_name").GetString());
        var messages = exported.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["assistant", "user", "assistant"], messages.Select(m => m.GetProperty("role").GetString()));
        Assert.Equal(["Hello from the fake model."], messages[2].GetProperty("swipes").EnumerateArray().Select(s => s.GetString()));

        Assert.Equal("text/markdown", markdown.Content.Headers.ContentType?.MediaType);
        var text = await markdown.Content.ReadAsStringAsync();
        Assert.StartsWith("# Dinner / at the Gull", text, StringComparison.Ordinal);
        Assert.Contains($"**Mira:** {ChatScenario.Greeting}", text, StringComparison.Ordinal);
        // The user by the name the chat's prompt gives them (no persona here: the username), as its SillyTavern file does.
        var username = (await (await user.Client.GetAsync("/api/v1/auth/me")).AssertOkJsonAsync()).GetProperty("data").GetProperty("username").GetString();
        Assert.Contains($"**{username}:** What's on the menu?", text, StringComparison.Ordinal);
    }

    /// <summary>A viewer that renders the HTML in Markdown would run the greeting's markup; an entity shows as the character.</summary>
    [Fact]
    public async Task TheMarkdownExportShowsMarkupInMessagesAsTextAndRunsNone()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user, await ChatScenario.CreateCharacterAsync(user, "<img src=x onerror=alert(1)> Fish &amp; chips?"));
        await ChatScenario.SendAndReadAsync(user, chatId, "<script>alert(2)</script> Yes & <b>quickly</b>");
        await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { title = "<i>Dinner</i>" })).AssertOkJsonAsync();

        var text = await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/export.md")).Content.ReadAsStringAsync();

        Assert.StartsWith("# &lt;i>Dinner&lt;/i>", text, StringComparison.Ordinal);
        Assert.Contains("**Mira:** &lt;img src=x onerror=alert(1)> Fish &amp;amp; chips?", text, StringComparison.Ordinal);
        Assert.Contains(":** &lt;script>alert(2)&lt;/script> Yes &amp; &lt;b>quickly&lt;/b>", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", text, StringComparison.Ordinal);
    }

    /// <summary>A viewer shows code literally: an entity in it would show as the entity, not the character.</summary>
    [Fact]
    public async Task TheMarkdownExportWritesCodeInMessagesAsItIs()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user, await ChatScenario.CreateCharacterAsync(user, "Fish <b>&</b> chips?"));
        await ChatScenario.SendAndReadAsync(user, chatId, "Is it `a < b && c`? Try:\n```html\n<div>Fish & chips</div>\n```\nnot <i>this</i>.");

        var text = await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/export.md")).Content.ReadAsStringAsync();

        Assert.Contains("**Mira:** Fish &lt;b>&amp;&lt;/b> chips?", text, StringComparison.Ordinal);
        Assert.Contains(":** Is it `a < b && c`? Try:\n```html\n<div>Fish & chips</div>\n```\nnot &lt;i>this&lt;/i>.\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AChatDeletedWhileItsExportWaitsForAPlaceIsNotFoundRatherThanDownloadedEmpty()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var builds = server.Services.GetRequiredService<ExportBuilds>();
        var placesFree = new TaskCompletionSource();
        // Both of the default places (Exports:Concurrency 2) taken by builds that wait.
        var holders = Enumerable.Range(0, 2).Select(_ => builds.BuildAsync((_, ct) => placesFree.Task.WaitAsync(ct), CancellationToken.None)).ToList();

        var export = user.Client.GetAsync($"/api/v1/chat/{chatId}/export.jsonl");
        await Task.Delay(300);
        Assert.False(export.IsCompleted, "the export did not wait for a place");
        await (await user.Client.DeleteAsync($"/api/v1/chat/{chatId}")).AssertOkJsonAsync();
        placesFree.SetResult();
        foreach (var holder in holders)
        {
            await (await holder).DisposeAsync();
        }

        await (await export.WaitAsync(TimeSpan.FromSeconds(30))).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task WhenAnAuthorDeletesAPublicCharacterOnlyTheirOwnChatsGoAndOthersCarryOn()
    {
        var author = await TestUser.SignUpAsync(server);
        var fan = await TestUser.SignUpAsync(server);
        var characterId = await CreatePublicAsync(author, "deleted-later");
        var authorsChat = await ChatScenario.NewChatAsync(author, characterId);
        var fansChat = await ChatScenario.NewChatAsync(fan, characterId);
        await ChatScenario.SendAndReadAsync(fan, fansChat, "before the deletion");

        await (await author.Client.DeleteAsync($"/api/v1/character/delete/{characterId}")).AssertOkJsonAsync();

        await (await author.Client.GetAsync($"/api/v1/chat/{authorsChat}/messages")).AssertProblemAsync(HttpStatusCode.NotFound);
        var after = await ChatScenario.SendAndReadAsync(fan, fansChat, "after the deletion");
        Assert.Equal("completed", after[^2].Status);
        Assert.Equal(5, after[^2].Json.GetProperty("chatHistory").GetArrayLength());
        var listed = (await ListAsync(fan, "limit=10")).GetProperty("data").EnumerateArray().Single(c => c.GetProperty("id").GetGuid() == fansChat);
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("character").ValueKind);
        Assert.Equal("Star", listed.GetProperty("title").GetString());
    }

    [Fact]
    public async Task StartingChatsMakesAPublicCharacterPopular()
    {
        var author = await TestUser.SignUpAsync(server);
        var fans = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => TestUser.SignUpAsync(server)));
        var tag = $"tag{Guid.NewGuid():N}"[..20];
        var quiet = await CreatePublicAsync(author, tag);
        var loved = await CreatePublicAsync(author, tag);
        foreach (var fan in fans)
        {
            await ChatScenario.NewChatAsync(fan, loved);
        }

        var popular = await (await author.Client.GetAsync($"/api/v1/character/public?tag={tag}&sort=popular")).AssertOkJsonAsync();

        var order = popular.GetProperty("data").EnumerateArray().Select(c => (c.GetProperty("character_id").GetGuid(), c.GetProperty("chat_count").GetInt32())).ToList();
        Assert.Equal([(loved, 2), (quiet, 0)], order);
    }

    private static async Task<Guid> CreatePublicAsync(TestUser user, string tag)
    {
        var response = await user.Client.PostAsJsonAsync("/api/v1/character/create", new { name = "Star", visibility = "public", tags = new[] { tag }, greeting = "Hi!" });
        return (await response.AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("data").GetProperty("character_id").GetGuid();
    }

    private static async Task<JsonElement> ListAsync(TestUser user, string query) =>
        await (await user.Client.GetAsync($"/api/v1/chat/list?{query}")).AssertOkJsonAsync();

    private static List<Guid> Ids(JsonElement page) => page.GetProperty("data").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ToList();
}

public sealed class ChatLibraryTestsOnSqlite(SqliteChatServer server) : ChatLibraryTests(server), IClassFixture<SqliteChatServer>;

public sealed class ChatLibraryTestsOnPostgres(PostgresChatServer server) : ChatLibraryTests(server), IClassFixture<PostgresChatServer>;

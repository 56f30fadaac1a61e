using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KissChat.Tests.Chats;
using KissChat.Tests.Fakes;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Personas;

/// <summary>Who the user plays: a chat's persona, else the default one, else the username.</summary>
public abstract class PersonaTests(ChatServer server)
{
    private FakeModelServer Model => server.ModelServer;

    /// <summary>As SillyTavern's persona management places a description: at a depth as its role, around the author's note, or nowhere.</summary>
    [Fact]
    public async Task APersonasDescriptionGoesWhereThePersonaPutsIt()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var ada = await CreateAsync(user, new { name = "Ada", description = "Ada has one boot.", is_default = true, description_position = "at_depth", description_depth = 1, description_role = "user" });

        await ChatScenario.SendAndReadAsync(user, chatId, "first");
        var atDepth = Model.Requests[^1].Messages;
        await (await user.Client.PatchAsJsonAsync($"/api/v1/persona/update/{ada}", new { description_position = "top_of_note" })).AssertOkJsonAsync();
        await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { author_note = new { text = "Rain falls.", depth = 0 } })).AssertOkJsonAsync();
        await ChatScenario.SendAndReadAsync(user, chatId, "second");
        var aboveNote = Model.Requests[^1].Messages;
        var updated = await (await user.Client.PatchAsJsonAsync($"/api/v1/persona/update/{ada}", new { description_position = "none" })).AssertOkJsonAsync();
        await ChatScenario.SendAndReadAsync(user, chatId, "third");
        var nowhere = Model.Requests[^1].Messages;

        Assert.Equal([("user", "Ada has one boot."), ("user", "first")], atDepth.TakeLast(2).Select(m => (m.Role, m.Content)));
        Assert.DoesNotContain("About Ada", atDepth[0].Content, StringComparison.Ordinal);
        Assert.Equal(("system", "Ada has one boot.\nRain falls."), (aboveNote[^1].Role, aboveNote[^1].Content));
        Assert.DoesNotContain(nowhere, m => m.Content.Contains("one boot", StringComparison.Ordinal));
        var persona = updated.GetProperty("data");
        Assert.Equal(("none", 1, "user"), (persona.GetProperty("description_position").GetString(), persona.GetProperty("description_depth").GetInt32(), persona.GetProperty("description_role").GetString()));
        var refused = await (await user.Client.PatchAsJsonAsync($"/api/v1/persona/update/{ada}", new { description_position = "middle" })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(refused.GetProperty("errors").TryGetProperty("description_position", out _), refused.ToString());
    }

    /// <summary>SillyTavern places what goes around the author's note where the note's settings say, whatever its text.</summary>
    [Fact]
    public async Task AnEmptyAuthorsNoteStillPlacesTheDescriptionAroundIt()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        await CreateAsync(user, new { name = "Ada", description = "Ada has one boot.", is_default = true, description_position = "bottom_of_note" });

        var patched = await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { author_note = new { text = "", depth = 0, role = "user" } })).AssertOkJsonAsync();
        await ChatScenario.SendAndReadAsync(user, chatId, "first");

        Assert.Equal(("", "user"), (patched.GetProperty("data").GetProperty("author_note").GetProperty("text").GetString(), patched.GetProperty("data").GetProperty("author_note").GetProperty("role").GetString()));
        Assert.Equal(("user", "Ada has one boot."), (Model.Requests[^1].Messages[^1].Role, Model.Requests[^1].Messages[^1].Content));
    }

    [Fact]
    public async Task AChatSpeaksAsItsPersonaElseTheDefaultOneElseTheUsername()
    {
        var user = await TestUser.SignUpAsync(server);
        await (await user.Client.PutAsJsonAsync($"/api/v1/user/update/{user.Id}", new { username = "plainname" })).AssertOkJsonAsync();
        var chatId = await ChatScenario.NewChatAsync(user, await Characters.CharacterApi.CreateIdAsync(user, new { name = "Mira", personality = "Knows {{user}} well." }));

        await ChatScenario.SendAndReadAsync(user, chatId, "who am I?");
        Assert.Contains("Knows plainname well.", Model.Requests[^1].Messages[0].Content, StringComparison.Ordinal);

        await CreateAsync(user, new { name = "Ada", description = "A sailor with one boot.", is_default = true });
        await ChatScenario.SendAndReadAsync(user, chatId, "and now?");
        Assert.Contains("About Ada:\nA sailor with one boot.", Model.Requests[^1].Messages[0].Content, StringComparison.Ordinal);

        var bo = await CreateAsync(user, new { name = "Bo", description = "A cook." });
        var patched = await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { persona_id = bo })).AssertOkJsonAsync();
        await ChatScenario.SendAndReadAsync(user, chatId, "and here?");
        var system = Model.Requests[^1].Messages[0].Content;
        Assert.Contains("Knows Bo well.", system, StringComparison.Ordinal);
        Assert.DoesNotContain("Ada", system, StringComparison.Ordinal);
        Assert.Equal(bo, patched.GetProperty("data").GetProperty("persona_id").GetGuid());
        // A SillyTavern export names the user as the prompt does.
        var jsonl = await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/export.jsonl")).Content.ReadAsStringAsync();
        Assert.Equal("Bo", JsonDocument.Parse(jsonl.Split('\n')[0]).RootElement.GetProperty("user_name").GetString());

        await (await user.Client.DeleteAsync($"/api/v1/persona/delete/{bo}")).AssertOkJsonAsync();
        await ChatScenario.SendAndReadAsync(user, chatId, "and after Bo left?");
        Assert.Contains("Knows Ada well.", Model.Requests[^1].Messages[0].Content, StringComparison.Ordinal);
        var chat = (await (await user.Client.GetAsync($"/api/v1/chat/{chatId}")).AssertOkJsonAsync()).GetProperty("data");
        Assert.Equal(JsonValueKind.Null, chat.GetProperty("persona_id").ValueKind);
    }

    [Fact]
    public async Task OnlyOnePersonaIsTheDefaultAndOnlyTheOwnerChangesThem()
    {
        var user = await TestUser.SignUpAsync(server);
        var other = await TestUser.SignUpAsync(server);
        var first = await CreateAsync(user, new { name = "First", is_default = true });
        var second = await CreateAsync(user, new { name = "Second", is_default = true });

        var listed = (await (await user.Client.GetAsync("/api/v1/persona/list")).AssertOkJsonAsync()).GetProperty("data").EnumerateArray().ToList();
        Assert.Equal([("First", false), ("Second", true)], listed.Select(p => (p.GetProperty("name").GetString(), p.GetProperty("is_default").GetBoolean())));

        var renamed = await (await user.Client.PatchAsJsonAsync($"/api/v1/persona/update/{first}", new { name = "Renamed", is_default = true })).AssertOkJsonAsync();
        Assert.True(renamed.GetProperty("data").GetProperty("is_default").GetBoolean());
        listed = (await (await user.Client.GetAsync("/api/v1/persona/list")).AssertOkJsonAsync()).GetProperty("data").EnumerateArray().ToList();
        Assert.Equal([("Renamed", true), ("Second", false)], listed.Select(p => (p.GetProperty("name").GetString(), p.GetProperty("is_default").GetBoolean())));

        await (await other.Client.PatchAsJsonAsync($"/api/v1/persona/update/{second}", new { name = "Stolen" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await other.Client.DeleteAsync($"/api/v1/persona/delete/{second}")).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(0, (await (await other.Client.GetAsync("/api/v1/persona/list")).AssertOkJsonAsync()).GetProperty("data").GetArrayLength());
        var blank = await user.Client.PostAsJsonAsync("/api/v1/persona/create", new { name = "  " });
        Assert.True((await blank.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("name", out _));
    }

    /// <summary>On PostgreSQL each write read the others' defaults before they committed, and several stayed the default.</summary>
    [Fact]
    public async Task PersonasMadeTheDefaultAtOnceLeaveOneDefault()
    {
        var user = await TestUser.SignUpAsync(server);
        var first = await CreateAsync(user, new { name = "First" });

        await Task.WhenAll(Enumerable.Range(0, 8)
            .Select(i => user.Client.PostAsJsonAsync("/api/v1/persona/create", new { name = $"New {i}", is_default = true }))
            .Append(user.Client.PatchAsJsonAsync($"/api/v1/persona/update/{first}", new { is_default = true })));

        var listed = (await (await user.Client.GetAsync("/api/v1/persona/list")).AssertOkJsonAsync()).GetProperty("data").EnumerateArray();
        Assert.Equal(9, listed.Count());
        Assert.Single(listed, p => p.GetProperty("is_default").GetBoolean());
    }

    private static async Task<Guid> CreateAsync(TestUser user, object persona) =>
        (await (await user.Client.PostAsJsonAsync("/api/v1/persona/create", persona)).AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("data").GetProperty("id").GetGuid();
}

public sealed class PersonaTestsOnSqlite(SqliteChatServer server) : PersonaTests(server), IClassFixture<SqliteChatServer>;

public sealed class PersonaTestsOnPostgres(PostgresChatServer server) : PersonaTests(server), IClassFixture<PostgresChatServer>;

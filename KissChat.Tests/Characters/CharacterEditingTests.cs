using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KissChat.Kernel.Database;
using KissChat.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Tests.Characters;

/// <summary>PATCH /update/{id} and DELETE /delete/{id}: owner only, partial, validated like create.</summary>
public abstract class CharacterEditingTests(KissChatServer server)
{
    private static readonly object Mira = new
    {
        name = "Mira",
        gender = "female",
        age = 29,
        tags = new[] { "romance", "mystery" },
        greeting = "You made it through the storm.",
        personality = "Dry humour.",
        ai_generated_behavior = true,
        avatar_url = "https://cdn.example.com/mira.png",
    };

    [Fact]
    public async Task PatchingChangesOnlyTheFieldsSent()
    {
        var owner = await TestUser.SignUpAsync(server);
        var before = await CharacterApi.CreateAsync(owner, Mira);
        var id = before.GetProperty("character_id").GetGuid();

        var response = await CharacterApi.PatchAsync(owner, id, """{"greeting": "  Back again?  ", "age": 31, "visibility": "public"}""");

        var body = await response.AssertOkJsonAsync();
        Assert.Equal("Character updated.", body.GetProperty("message").GetString());
        var after = body.GetProperty("data");
        Assert.Equal("Back again?", after.GetProperty("greeting").GetString());
        Assert.Equal(31, after.GetProperty("age").GetInt32());
        Assert.Equal("public", after.GetProperty("visibility").GetString());
        Assert.True(after.GetProperty("updated_at").GetDateTimeOffset() > before.GetProperty("updated_at").GetDateTimeOffset());
        string[] changed = ["greeting", "age", "visibility", "updated_at"];
        foreach (var field in before.EnumerateObject().Where(p => !changed.Contains(p.Name)))
        {
            Assert.True(JsonElement.DeepEquals(field.Value, after.GetProperty(field.Name)), $"{field.Name} changed: {after.GetProperty(field.Name)}");
        }

        Assert.True(JsonElement.DeepEquals(after, await CharacterApi.GetAsync(owner, id)), "GET differs from the PATCH answer");
    }

    [Fact]
    public async Task NullOrBlankClearsAFieldToItsCreateDefault()
    {
        var owner = await TestUser.SignUpAsync(server);
        var id = await CharacterApi.CreateIdAsync(owner, new { name = "Mira", gender = "female", age = 29, tags = new[] { "romance" }, ai_generated_behavior = true, visibility = "public" });

        var response = await CharacterApi.PatchAsync(owner, id, """{"gender": "   ", "age": null, "tags": null, "ai_generated_behavior": null, "visibility": null}""");

        var after = (await response.AssertOkJsonAsync()).GetProperty("data");
        Assert.Equal(JsonValueKind.Null, after.GetProperty("gender").ValueKind);
        Assert.Equal(JsonValueKind.Null, after.GetProperty("age").ValueKind);
        Assert.Empty(after.GetProperty("tags").EnumerateArray());
        Assert.False(after.GetProperty("ai_generated_behavior").GetBoolean());
        Assert.Equal("private", after.GetProperty("visibility").GetString());
        Assert.Equal("Mira", after.GetProperty("name").GetString());
    }

    [Fact]
    public async Task TheCardFieldsArePatchedAndClearedLikeTheOthers()
    {
        var owner = await TestUser.SignUpAsync(server);
        var id = await CharacterApi.CreateIdAsync(owner, new { name = "Mira", alternate_greetings = new[] { "Hello." }, creator_notes = "Slow burn." });

        var patched = (await (await CharacterApi.PatchAsync(owner, id, """
            {"alternate_greetings": ["  Back again?  ", "Mind the stairs."], "mes_example": "<START>\n{{char}}: Hm.", "post_history_instructions": " Stay in the lighthouse. "}
            """)).AssertOkJsonAsync()).GetProperty("data");
        var cleared = (await (await CharacterApi.PatchAsync(owner, id, """{"alternate_greetings": null, "creator_notes": "  "}""")).AssertOkJsonAsync()).GetProperty("data");

        Assert.Equal(["Back again?", "Mind the stairs."], patched.GetProperty("alternate_greetings").EnumerateArray().Select(g => g.GetString()));
        Assert.Equal("<START>\n{{char}}: Hm.", patched.GetProperty("mes_example").GetString());
        Assert.Equal("Stay in the lighthouse.", patched.GetProperty("post_history_instructions").GetString());
        Assert.Equal("Slow burn.", patched.GetProperty("creator_notes").GetString());
        Assert.Empty(cleared.GetProperty("alternate_greetings").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("creator_notes").ValueKind);
        Assert.Equal("<START>\n{{char}}: Hm.", cleared.GetProperty("mes_example").GetString());
        Assert.True(JsonElement.DeepEquals(cleared, await CharacterApi.GetAsync(owner, id)), "GET differs from the PATCH answer");
    }

    [Fact]
    public async Task PatchKeysAreMatchedLikeTheSerializerMatchesThemAndUnknownKeysAreIgnored()
    {
        var owner = await TestUser.SignUpAsync(server);
        var id = await CharacterApi.CreateIdAsync(owner, Mira);

        var response = await CharacterApi.PatchAsync(owner, id, """{"Hair_Color": "copper", "character_id": "00000000-0000-0000-0000-000000000000", "chat_count": 99}""");

        var after = (await response.AssertOkJsonAsync()).GetProperty("data");
        Assert.Equal("copper", after.GetProperty("hair_color").GetString());
        Assert.Equal(id, after.GetProperty("character_id").GetGuid());
        Assert.Equal(0, after.GetProperty("chat_count").GetInt32());
    }

    [Theory]
    [InlineData("{}", "body")]
    [InlineData("""{"character_id": "x"}""", "body")]
    [InlineData("""{"name": null}""", "name")]
    [InlineData("""{"name": "  "}""", "name")]
    [InlineData("""{"age": 17}""", "age")]
    [InlineData("""{"tags": ["a", "A"]}""", "tags")]
    [InlineData("""{"tags": ["ok", null]}""", "tags[1]")]
    [InlineData("""{"visibility": "friends"}""", "visibility")]
    [InlineData("""{"visibility": "PUBLIC"}""", "visibility")]
    [InlineData("""{"gender": "fe\u0000male"}""", "gender")]
    [InlineData("""{"backstory": "nul \u0000 inside"}""", "backstory")]
    [InlineData("""{"alternate_greetings": ["Hi", "  "]}""", "alternate_greetings[1]")]
    [InlineData("""{"alternate_greetings": "Hi"}""", "alternate_greetings")]
    [InlineData("""{"mes_example": "A bell: \u0007"}""", "mes_example")]
    [InlineData("""{"avatar_url": "javascript:alert(1)"}""", "avatar_url")]
    [InlineData("""{"age": "thirty"}""", "age")]
    [InlineData("""{"tags": "romance"}""", "tags")]
    public async Task InvalidPatchesAreRejectedNamingTheFieldAndChangeNothing(string json, string field)
    {
        var owner = await TestUser.SignUpAsync(server);
        var before = await CharacterApi.CreateAsync(owner, Mira);
        var id = before.GetProperty("character_id").GetGuid();

        var response = await CharacterApi.PatchAsync(owner, id, json);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.True(JsonElement.DeepEquals(before, await CharacterApi.GetAsync(owner, id)));
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("[1, 2]")]
    [InlineData("null")]
    [InlineData("")]
    public async Task APatchBodyThatIsNotAJsonObjectIsABadRequest(string body)
    {
        var owner = await TestUser.SignUpAsync(server);
        var id = await CharacterApi.CreateIdAsync(owner, Mira);

        var response = await CharacterApi.PatchAsync(owner, id, body);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("JSON", problem.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PatchingSomeoneElsesCharacterIsForbiddenAndAnUnknownOneIsNotFound()
    {
        var owner = await TestUser.SignUpAsync(server);
        var intruder = await TestUser.SignUpAsync(server);
        var before = await CharacterApi.CreateAsync(owner, Mira);
        var id = before.GetProperty("character_id").GetGuid();

        var forbidden = await CharacterApi.PatchAsync(intruder, id, """{"name": "Hacked"}""");
        var missing = await CharacterApi.PatchAsync(owner, Guid.CreateVersion7(), """{"name": "Ghost"}""");

        var problem = await forbidden.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("You do not own this character.", problem.GetProperty("error").GetString());
        Assert.DoesNotContain("Mira", problem.GetRawText(), StringComparison.Ordinal);
        Assert.Equal("Character not found.", (await missing.AssertProblemAsync(HttpStatusCode.NotFound)).GetProperty("error").GetString());
        Assert.True(JsonElement.DeepEquals(before, await CharacterApi.GetAsync(owner, id)));
    }

    [Fact]
    public async Task DeletingACharacterRemovesItAndEveryChatWithIt()
    {
        var owner = await TestUser.SignUpAsync(server);
        var id = await CharacterApi.CreateIdAsync(owner, Mira);
        var chatId = (await (await CharacterApi.NewChatAsync(owner, id)).AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("newChatID").GetGuid();
        Assert.Equal((1, 1), await ChatRowsAsync(chatId));

        var response = await owner.Client.DeleteAsync($"/api/v1/character/delete/{id}");

        var body = await response.AssertOkJsonAsync();
        Assert.Equal("Character deleted.", body.GetProperty("message").GetString());
        await (await owner.Client.GetAsync($"/api/v1/character/get/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await CharacterApi.NewChatAsync(owner, id)).AssertProblemAsync(HttpStatusCode.NotFound);
        var send = await owner.Client.PostAsJsonAsync("/api/v1/chat/response", new { chat_id = chatId, prompt = "still there?" });
        Assert.Equal("Chat not found.", (await send.AssertProblemAsync(HttpStatusCode.NotFound)).GetProperty("error").GetString());
        Assert.Equal((0, 0), await ChatRowsAsync(chatId));
    }

    [Fact]
    public async Task DeletingSomeoneElsesCharacterIsForbiddenAndAnUnknownOneIsNotFound()
    {
        var owner = await TestUser.SignUpAsync(server);
        var intruder = await TestUser.SignUpAsync(server);
        var id = await CharacterApi.CreateIdAsync(owner, Mira);

        var forbidden = await intruder.Client.DeleteAsync($"/api/v1/character/delete/{id}");
        var missing = await owner.Client.DeleteAsync($"/api/v1/character/delete/{Guid.CreateVersion7()}");

        await forbidden.AssertProblemAsync(HttpStatusCode.Forbidden);
        await missing.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("Mira", (await CharacterApi.GetAsync(owner, id)).GetProperty("name").GetString());
    }

    /// <summary>How many rows the chat and its messages still have.</summary>
    private async Task<(int Chats, int Messages)> ChatRowsAsync(Guid chatId)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KissChatDbContext>();
        var chats = await db.Database.SqlQuery<int>($"SELECT COUNT(*) AS \"Value\" FROM chats WHERE id = {chatId}").SingleAsync();
        var messages = await db.Database.SqlQuery<int>($"SELECT COUNT(*) AS \"Value\" FROM chat_messages WHERE chat_id = {chatId}").SingleAsync();
        return (chats, messages);
    }
}

public sealed class CharacterEditingTestsOnSqlite(SqliteServer server) : CharacterEditingTests(server), IClassFixture<SqliteServer>;

public sealed class CharacterEditingTestsOnPostgres(PostgresServer server) : CharacterEditingTests(server), IClassFixture<PostgresServer>;

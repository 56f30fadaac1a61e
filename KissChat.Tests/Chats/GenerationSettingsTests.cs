using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KissChat.Tests.Fakes;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Chats;

/// <summary>Sampler settings from a request, the chat and a preset, each bounded, reach the model under the names servers read.</summary>
public abstract class GenerationSettingsTests(ChatServer server)
{
    private FakeModelServer Model => server.ModelServer;

    [Fact]
    public async Task EverySamplerSettingOfARequestReachesTheModel()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);

        await ChatScenario.SendAndReadAsync(user, chatId, "tune it", new
        {
            top_p = 0.9,
            top_k = 40,
            min_p = 0.05,
            frequency_penalty = 0.3,
            presence_penalty = -0.2,
            repetition_penalty = 1.1,
            stop = new[] { "\nUser:", "###" },
            seed = 7,
            reasoning_effort = "high",
        });

        var body = Model.Requests[^1].Body;
        Assert.Equal(0.9, body.GetProperty("top_p").GetDouble(), 3);
        Assert.Equal(40, body.GetProperty("top_k").GetInt32());
        Assert.Equal(0.05, body.GetProperty("min_p").GetDouble(), 3);
        Assert.Equal(0.3, body.GetProperty("frequency_penalty").GetDouble(), 3);
        Assert.Equal(-0.2, body.GetProperty("presence_penalty").GetDouble(), 3);
        Assert.Equal(1.1, body.GetProperty("repetition_penalty").GetDouble(), 3);
        Assert.Equal(["\nUser:", "###"], body.GetProperty("stop").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(7, body.GetProperty("seed").GetInt64());
        Assert.Equal("high", body.GetProperty("reasoning_effort").GetString());
    }

    [Fact]
    public async Task UnsetSamplersAreNotSentAtAll()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);

        await ChatScenario.SendAndReadAsync(user, chatId, "defaults");

        var body = Model.Requests[^1].Body;
        foreach (var name in new[] { "top_p", "top_k", "min_p", "frequency_penalty", "presence_penalty", "repetition_penalty", "stop", "seed", "reasoning_effort" })
        {
            Assert.False(body.TryGetProperty(name, out _), $"{name} was sent: {body}");
        }
    }

    [Fact]
    public async Task TheRequestWinsOverTheChatWhichWinsOverItsPreset()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var preset = await (await user.Client.PostAsJsonAsync("/api/v1/preset/create", new { name = "Calm", settings = new { temperature = 0.2, top_p = 0.5, top_k = 10, max_tokens = 300 } }))
            .AssertOkJsonAsync(HttpStatusCode.Created);
        var presetId = preset.GetProperty("data").GetProperty("id").GetGuid();

        var patched = await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { settings = new { preset_id = presetId, top_p = 0.8, model = ChatServer.OtherAllowedModel } }))
            .AssertOkJsonAsync();
        await ChatScenario.SendAndReadAsync(user, chatId, "which settings?", new { top_k = 3 });

        var sent = Model.Requests[^1];
        Assert.Equal(0.2, sent.Temperature!.Value, 3);
        Assert.Equal(0.8, sent.Body.GetProperty("top_p").GetDouble(), 3);
        Assert.Equal(3, sent.Body.GetProperty("top_k").GetInt32());
        Assert.Equal(300, sent.MaxTokens);
        Assert.Equal(ChatServer.OtherAllowedModel, sent.Model);
        Assert.Equal(presetId, patched.GetProperty("data").GetProperty("settings").GetProperty("preset_id").GetGuid());

        // A changed preset applies from the next reply; a deleted one leaves the chat's own settings and the server's defaults.
        await (await user.Client.PatchAsJsonAsync($"/api/v1/preset/update/{presetId}", new { settings = new { temperature = 1.5 } })).AssertOkJsonAsync();
        await ChatScenario.SendAndReadAsync(user, chatId, "after the preset changed");
        Assert.Equal(1.5, Model.Requests[^1].Temperature!.Value, 3);
        Assert.Equal(1024, Model.Requests[^1].MaxTokens);
        await (await user.Client.DeleteAsync($"/api/v1/preset/delete/{presetId}")).AssertOkJsonAsync();
        await ChatScenario.SendAndReadAsync(user, chatId, "after the preset went");
        Assert.Equal(0.7, Model.Requests[^1].Temperature!.Value, 3);
        Assert.Equal(0.8, Model.Requests[^1].Body.GetProperty("top_p").GetDouble(), 3);
        var presets = await (await user.Client.GetAsync("/api/v1/preset/list")).AssertOkJsonAsync();
        Assert.Equal(0, presets.GetProperty("data").GetArrayLength());

        // The chat no longer names the deleted preset, so its settings sent back as they came are taken.
        var settings = (await (await user.Client.GetAsync($"/api/v1/chat/{chatId}")).AssertOkJsonAsync()).GetProperty("data").GetProperty("settings");
        Assert.Equal(JsonValueKind.Null, settings.GetProperty("preset_id").ValueKind);
        Assert.Equal(0.8, settings.GetProperty("top_p").GetDouble(), 3);
        await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { settings })).AssertOkJsonAsync();
    }

    [Theory]
    [InlineData("""{"top_p": 1.5}""", "top_p")]
    [InlineData("""{"top_k": 501}""", "top_k")]
    [InlineData("""{"min_p": -0.1}""", "min_p")]
    [InlineData("""{"frequency_penalty": 3}""", "frequency_penalty")]
    [InlineData("""{"repetition_penalty": 9}""", "repetition_penalty")]
    [InlineData("""{"stop": ["a", "b", "c", "d", "e"]}""", "stop")]
    [InlineData("""{"stop": [""]}""", "stop[0]")]
    [InlineData("""{"seed": -1}""", "seed")]
    [InlineData("""{"reasoning_effort": "extreme"}""", "reasoning_effort")]
    public async Task OutOfBoundsSettingsAreRefusedNamingTheFieldWhereverTheyAreSent(string settings, string field)
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var reply = $$"""{"chat_id": "{{chatId}}", "prompt": "hi", {{settings[1..]}}""";

        var onReply = await user.Client.PostAsync("/api/v1/chat/response", JsonBody(reply));
        var onChat = await user.Client.PatchAsync($"/api/v1/chat/{chatId}", JsonBody($$"""{"settings": {{settings}}}"""));
        var onPreset = await user.Client.PostAsync("/api/v1/preset/create", JsonBody($$"""{"name": "x", "settings": {{settings}}}"""));

        Assert.True((await onReply.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty(field, out _));
        Assert.True((await onChat.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty($"settings.{field}", out _));
        Assert.True((await onPreset.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty($"settings.{field}", out _));
        var chat = (await (await user.Client.GetAsync($"/api/v1/chat/{chatId}")).AssertOkJsonAsync()).GetProperty("data");
        Assert.Equal(JsonValueKind.Null, chat.GetProperty("settings").ValueKind);
    }

    [Fact]
    public async Task AChatMayOnlyUseItsOwnersPresetsPersonasAndLorebooks()
    {
        var owner = await TestUser.SignUpAsync(server);
        var other = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(owner);
        var othersPreset = await CreatedIdAsync(other, "/api/v1/preset/create", new { name = "Theirs", settings = new { temperature = 1 } });
        var othersPersona = await CreatedIdAsync(other, "/api/v1/persona/create", new { name = "Theirs" });
        var othersBook = await CreatedIdAsync(other, "/api/v1/lorebook/create", new { name = "Theirs" });

        var preset = await owner.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { settings = new { preset_id = othersPreset } });
        var persona = await owner.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { persona_id = othersPersona });
        var books = await owner.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { lorebook_ids = new[] { othersBook } });

        Assert.True((await preset.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("settings.preset_id", out _));
        Assert.True((await persona.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("persona_id", out _));
        Assert.True((await books.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("lorebook_ids", out _));
        await (await other.Client.GetAsync($"/api/v1/chat/{chatId}")).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    private static StringContent JsonBody(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    private static async Task<Guid> CreatedIdAsync(TestUser user, string path, object body) =>
        (await (await user.Client.PostAsJsonAsync(path, body)).AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("data").GetProperty("id").GetGuid();
}

public sealed class GenerationSettingsTestsOnSqlite(SqliteChatServer server) : GenerationSettingsTests(server), IClassFixture<SqliteChatServer>;

public sealed class GenerationSettingsTestsOnPostgres(PostgresChatServer server) : GenerationSettingsTests(server), IClassFixture<PostgresChatServer>;

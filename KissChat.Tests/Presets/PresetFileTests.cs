using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KissChat.Kernel.Database;
using KissChat.Presets.Data;
using KissChat.Tests.Chats;
using KissChat.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Tests.Presets;

/// <summary>Presets in and out as SillyTavern's files: its chat- and text-completion presets, and this server's export.</summary>
public abstract class PresetFileTests(ChatServer server)
{
    /// <summary>The members of SillyTavern's own chat-completion preset that matter here, among some that do not.</summary>
    private const string ChatCompletionPreset = """
        {"chat_completion_source": "openrouter", "openrouter_model": "some/model", "temperature": 0.9, "frequency_penalty": 0.3,
         "presence_penalty": 0.1, "top_p": 0.95, "top_k": 40, "top_a": 0, "min_p": 0.05, "repetition_penalty": 1.1,
         "openai_max_context": 8192, "openai_max_tokens": 350, "wrap_in_quotes": false, "seed": -1, "n": 1,
         "prompts": [{"name": "Main Prompt", "identifier": "main", "role": "system", "content": "Write {{char}}'s next reply."}]}
        """;

    [Fact]
    public async Task AnAccountKeepsAtMostAThousandPresets()
    {
        var user = await TestUser.SignUpAsync(server);
        var now = DateTime.UtcNow;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KissChatDbContext>();
            db.AddRange(Enumerable.Range(0, Preset.PerUser - 1).Select(i => new Preset { Id = Guid.CreateVersion7(), UserId = user.Id, Name = $"Preset {i}", CreatedAt = now, UpdatedAt = now }));
            await db.SaveChangesAsync();
        }

        var last = (await (await user.Client.PostAsJsonAsync("/api/v1/preset/create", new { name = "The thousandth", settings = new { temperature = 0.5 } }))
            .AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("data").GetProperty("id").GetGuid();
        await (await user.Client.PostAsJsonAsync("/api/v1/preset/create", new { name = "One more", settings = new { temperature = 0.5 } })).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await ImportAsync(user, ChatCompletionPreset)).AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal(Preset.PerUser, (await (await user.Client.GetAsync("/api/v1/preset/list")).AssertOkJsonAsync()).GetProperty("data").GetArrayLength());
        await (await user.Client.DeleteAsync($"/api/v1/preset/delete/{last}")).AssertOkJsonAsync();
        await (await ImportAsync(user, ChatCompletionPreset)).AssertOkJsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task ASillyTavernChatCompletionPresetImportsItsSamplersAndAppliesToAChat()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);

        var imported = await (await ImportAsync(user, ChatCompletionPreset, "?name=Warm%20nights")).AssertOkJsonAsync(HttpStatusCode.Created);
        var preset = imported.GetProperty("data");
        var settings = preset.GetProperty("settings");
        await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { settings = new { preset_id = preset.GetProperty("id").GetGuid() } })).AssertOkJsonAsync();
        await ChatScenario.SendAndReadAsync(user, chatId, "with the imported preset");

        Assert.Equal("Warm nights", preset.GetProperty("name").GetString());
        Assert.Equal((0.9, 0.95, 40, 0.05, 0.3, 0.1, 1.1, 350), (settings.GetProperty("temperature").GetDouble(), settings.GetProperty("top_p").GetDouble(),
            settings.GetProperty("top_k").GetInt32(), settings.GetProperty("min_p").GetDouble(), settings.GetProperty("frequency_penalty").GetDouble(),
            settings.GetProperty("presence_penalty").GetDouble(), settings.GetProperty("repetition_penalty").GetDouble(), settings.GetProperty("max_tokens").GetInt32()));
        // SillyTavern's -1 is "a random seed": none is set; the model is the server's choice, not the file's.
        Assert.Equal(JsonValueKind.Null, settings.GetProperty("seed").ValueKind);
        Assert.Equal(JsonValueKind.Null, settings.GetProperty("model").ValueKind);
        var sent = server.ModelServer.Requests[^1];
        Assert.Equal(0.9, sent.Temperature!.Value, 3);
        Assert.Equal(350, sent.MaxTokens);
        // What KissChat has no place for is named, its prompts first, so the user knows what did not come in.
        Assert.Equal(["prompts", "wrap_in_quotes", "openai_max_context", "top_a", "n", "chat_completion_source", "openrouter_model"], Ignored(preset));
        Assert.Equal("Preset imported. Not taken, as KissChat has no place for them: prompts, wrap_in_quotes, openai_max_context, top_a, n, chat_completion_source, openrouter_model.",
            imported.GetProperty("message").GetString());
    }

    [Fact]
    public async Task ASillyTavernTextCompletionPresetImportsUnderItsOwnNamesWithTopKZeroAsUnset()
    {
        var user = await TestUser.SignUpAsync(server);

        var imported = await (await ImportAsync(user, """
            {"temp": 1.5, "temperature_last": false, "top_p": 1, "top_k": 0, "min_p": 0.1, "rep_pen": 1.05, "freq_pen": 0.2,
             "presence_pen": 0, "genamt": 200, "max_length": 4096, "sampler_order": [5, 6, 0], "dry_sequence_breakers": "[\"\\n\"]"}
            """)).AssertOkJsonAsync(HttpStatusCode.Created);

        var preset = imported.GetProperty("data");
        var settings = preset.GetProperty("settings");
        Assert.Equal("Imported preset", preset.GetProperty("name").GetString());
        Assert.Equal((1.5, 1.0, 0.1, 1.05, 0.2, 0.0, 200), (settings.GetProperty("temperature").GetDouble(), settings.GetProperty("top_p").GetDouble(),
            settings.GetProperty("min_p").GetDouble(), settings.GetProperty("repetition_penalty").GetDouble(), settings.GetProperty("frequency_penalty").GetDouble(),
            settings.GetProperty("presence_penalty").GetDouble(), settings.GetProperty("max_tokens").GetInt32()));
        Assert.Equal(JsonValueKind.Null, settings.GetProperty("top_k").ValueKind);
        // Beside genamt, its max_length is the context SillyTavern's preset manager saves with it.
        Assert.Equal(["max_length", "temperature_last", "dry_sequence_breakers", "sampler_order"], Ignored(preset));
    }

    /// <summary>SillyTavern's NovelAI presets: their length and samplers come in; their penalties, on NovelAI's own scales, do not.</summary>
    [Theory]
    [InlineData(1.37, 1.37)]
    [InlineData(2.5, null)]
    public async Task ANovelAiPresetImportsItsLengthAndSamplersButNotItsPenalties(double temperature, double? imported)
    {
        var user = await TestUser.SignUpAsync(server);

        var answer = await (await ImportAsync(user, $$"""
            {"max_context": 8000, "temperature": {{temperature.ToString(System.Globalization.CultureInfo.InvariantCulture)}}, "max_length": 150, "min_length": 1, "top_k": 0, "top_p": 0.9,
             "tail_free_sampling": 0.87, "repetition_penalty": 3.25, "repetition_penalty_range": 6000, "repetition_penalty_slope": 3.25,
             "repetition_penalty_frequency": 0, "repetition_penalty_presence": 0, "phrase_rep_pen": "off", "min_p": 0.035, "order": [0, 5, 9]}
            """)).AssertOkJsonAsync(HttpStatusCode.Created);
        var preset = answer.GetProperty("data").GetProperty("settings");

        Assert.Equal((150, 0.9, 0.035), (preset.GetProperty("max_tokens").GetInt32(), preset.GetProperty("top_p").GetDouble(), preset.GetProperty("min_p").GetDouble()));
        Assert.Equal(imported, preset.GetProperty("temperature").ValueKind == JsonValueKind.Null ? null : preset.GetProperty("temperature").GetDouble());
        Assert.Equal(JsonValueKind.Null, preset.GetProperty("repetition_penalty").ValueKind);
        string[] ignored =
        [
            "max_context", "min_length", .. (imported is null ? new[] { "temperature" } : Array.Empty<string>()), "repetition_penalty", "tail_free_sampling",
            "repetition_penalty_range", "repetition_penalty_slope", "repetition_penalty_frequency", "repetition_penalty_presence", "phrase_rep_pen", "order",
        ];
        Assert.Equal(ignored, Ignored(answer.GetProperty("data")));
        Assert.Equal(
            $"Preset imported. Not taken, as KissChat has no place for them: {string.Join(", ", ignored.Take(8))} and {ignored.Length - 8} more (all in 'ignored').",
            answer.GetProperty("message").GetString());
    }

    /// <summary>SillyTavern's stock preset writes its "off" values; sent, they are parameters a strict provider may refuse.</summary>
    [Fact]
    public async Task SillyTavernsOffValuesStayUnset()
    {
        var user = await TestUser.SignUpAsync(server);

        var imported = await (await ImportAsync(user, """
            {"temperature": 1, "frequency_penalty": 0, "presence_penalty": 0, "top_p": 1, "top_k": 0, "top_a": 0, "min_p": 0, "repetition_penalty": 1, "seed": -1}
            """)).AssertOkJsonAsync(HttpStatusCode.Created);

        var settings = imported.GetProperty("data").GetProperty("settings");
        Assert.Equal(1.0, settings.GetProperty("temperature").GetDouble());
        Assert.All(new[] { "top_k", "min_p", "repetition_penalty", "seed" }, name => Assert.Equal(JsonValueKind.Null, settings.GetProperty(name).ValueKind));
    }

    [Theory]
    [InlineData("min", "minimal", "min")]
    [InlineData("high", "high", "high")]
    [InlineData("max", "max", "max")]
    [InlineData("auto", null, null)]
    public async Task SillyTavernsReasoningEffortImportsAsTheLevelItNamesAndExportsUnderItsName(string inFile, string? imported, string? exported)
    {
        var user = await TestUser.SignUpAsync(server);

        var preset = (await (await ImportAsync(user, $$"""{"temperature": 0.8, "reasoning_effort": "{{inFile}}"}""")).AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("data");
        var export = JsonNode.Parse(await (await user.Client.GetAsync($"/api/v1/preset/export/{preset.GetProperty("id").GetGuid()}")).Content.ReadAsStringAsync())!.AsObject();

        Assert.Equal(imported, preset.GetProperty("settings").GetProperty("reasoning_effort").GetString());
        Assert.Equal(exported, export["reasoning_effort"]?.GetValue<string>());
    }

    [Fact]
    public async Task AnExportedPresetIsASillyTavernChatCompletionPresetThatImportsBackAsItWas()
    {
        var user = await TestUser.SignUpAsync(server);
        var stranger = await TestUser.SignUpAsync(server);
        var created = await (await user.Client.PostAsJsonAsync("/api/v1/preset/create", new { name = "Calm / slow", settings = new { temperature = 0.4, top_k = 12, max_tokens = 90, seed = 7, stop = new[] { "###" }, reasoning_effort = "low" } }))
            .AssertOkJsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("data").GetProperty("id").GetGuid();

        var export = await user.Client.GetAsync($"/api/v1/preset/export/{id}");
        var strangers = await stranger.Client.GetAsync($"/api/v1/preset/export/{id}");

        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("Calm  slow.json", export.Content.Headers.ContentDisposition?.FileNameStar ?? export.Content.Headers.ContentDisposition?.FileName);
        var file = JsonNode.Parse(await export.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal((0.4, 12, 90, 7), (file["temperature"]!.GetValue<double>(), file["top_k"]!.GetValue<int>(), file["openai_max_tokens"]!.GetValue<int>(), file["seed"]!.GetValue<int>()));
        Assert.False(file.ContainsKey("top_p"));
        await strangers.AssertProblemAsync(HttpStatusCode.Forbidden);

        var reimported = (await (await ImportAsync(user, file.ToJsonString())).AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("data");
        Assert.Equal("Calm / slow", reimported.GetProperty("name").GetString());
        Assert.True(JsonElement.DeepEquals(created.GetProperty("data").GetProperty("settings"), reimported.GetProperty("settings")));
        Assert.Empty(Ignored(reimported));
    }

    [Theory]
    [InlineData("""{"hello": "world"}""", null)]
    [InlineData("""{"temperature": 0.7""", null)]
    [InlineData("""[1, 2]""", null)]
    [InlineData("""{"temperature": 9}""", "settings.temperature")]
    [InlineData("""{"top_k": 100000}""", "settings.top_k")]
    [InlineData("""{"seed": 1.5}""", "settings.seed")]
    [InlineData("""{"seed": "1e19"}""", "settings.seed")]
    public async Task AFileThatIsNoPresetOrBreaksItsBoundsIsRefusedAndNothingIsStored(string body, string? field)
    {
        var user = await TestUser.SignUpAsync(server);

        var problem = await (await ImportAsync(user, body)).AssertProblemAsync(HttpStatusCode.BadRequest);

        if (field is not null)
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        }

        Assert.Equal(0, (await (await user.Client.GetAsync("/api/v1/preset/list")).AssertOkJsonAsync()).GetProperty("data").GetArrayLength());
    }

    private static List<string> Ignored(JsonElement preset) => [.. preset.GetProperty("ignored").EnumerateArray().Select(i => i.GetString()!)];

    private static Task<HttpResponseMessage> ImportAsync(TestUser user, string json, string query = "") =>
        user.Client.PostAsync($"/api/v1/preset/import{query}", new StringContent(json, Encoding.UTF8, "application/json"));
}

public sealed class PresetFileTestsOnSqlite(SqliteChatServer server) : PresetFileTests(server), IClassFixture<SqliteChatServer>;

public sealed class PresetFileTestsOnPostgres(PostgresChatServer server) : PresetFileTests(server), IClassFixture<PostgresChatServer>;

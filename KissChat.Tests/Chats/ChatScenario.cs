using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Chats;

/// <summary>The steps the frontend takes: a character, a chat with it, a message and its streamed reply.</summary>
internal static class ChatScenario
{
    public const string Greeting = "Welcome to the Salty Gull, traveller!";

    public static async Task<Guid> CreateCharacterAsync(TestUser user, string? greeting = Greeting)
    {
        var response = await user.Client.PostAsJsonAsync("/api/v1/character/create", new
        {
            name = "Mira",
            personality = "cheerful and nosy",
            scenario = "A harbour inn at dusk.",
            system_instruction = "Stay in character.",
            greeting,
        });
        var body = await response.AssertOkJsonAsync(HttpStatusCode.Created);
        return body.GetProperty("data").GetProperty("character_id").GetGuid();
    }

    public static async Task<Guid> NewChatAsync(TestUser user, Guid characterId)
    {
        var response = await user.Client.PostAsJsonAsync("/api/v1/chat/new", new { character_id = characterId });
        var body = await response.AssertOkJsonAsync(HttpStatusCode.Created);
        return body.GetProperty("newChatID").GetGuid();
    }

    public static async Task<Guid> NewChatAsync(TestUser user) => await NewChatAsync(user, await CreateCharacterAsync(user));

    public static Task<HttpResponseMessage> SendAsync(TestUser user, Guid chatId, string prompt, object? overrides = null)
    {
        var body = new Dictionary<string, object?> { ["chat_id"] = chatId, ["prompt"] = prompt };
        foreach (var property in overrides?.GetType().GetProperties() ?? [])
        {
            body[property.Name] = property.GetValue(overrides);
        }

        return Sse.OpenAsync(user.Client, HttpMethod.Post, "/api/v1/chat/response", body);
    }

    public static async Task<List<SseFrame>> SendAndReadAsync(TestUser user, Guid chatId, string prompt, object? overrides = null)
    {
        var response = await SendAsync(user, chatId, prompt, overrides);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Sse.ReadToEndAsync(response);
    }

    public static Guid JobId(IEnumerable<SseFrame> frames) => Guid.Parse(frames.First().Json.GetProperty("jobId").GetString()!);

    public static async Task<JsonElement> WaitForJobAsync(TestUser user, Guid jobId)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var status = await (await user.Client.GetAsync($"/api/v1/job/status/{jobId}")).AssertOkJsonAsync();
            if (status.GetProperty("status").GetString() is "completed" or "failed" or "stopped")
            {
                return status;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"Job {jobId} did not finish.");
        return default;
    }

    public static string Tokens(IEnumerable<SseFrame> frames) =>
        string.Concat(frames.Where(f => !f.IsDone && f.Status == "token").Select(f => f.Json.GetProperty("delta").GetString()));
}

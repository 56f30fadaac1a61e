using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Characters;

/// <summary>The character calls the frontend makes, answering with the parts tests look at.</summary>
internal static class CharacterApi
{
    public static async Task<JsonElement> CreateAsync(TestUser user, object body) =>
        (await (await user.Client.PostAsJsonAsync("/api/v1/character/create", body)).AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("data");

    public static async Task<Guid> CreateIdAsync(TestUser user, object body) =>
        (await CreateAsync(user, body)).GetProperty("character_id").GetGuid();

    public static Task<HttpResponseMessage> PatchAsync(TestUser user, Guid id, string json) =>
        user.Client.PatchAsync($"/api/v1/character/update/{id}", Json(json));

    public static async Task<JsonElement> GetAsync(TestUser user, Guid id) =>
        (await (await user.Client.GetAsync($"/api/v1/character/get/{id}")).AssertOkJsonAsync()).GetProperty("data");

    public static Task<HttpResponseMessage> NewChatAsync(TestUser user, Guid characterId) =>
        user.Client.PostAsJsonAsync("/api/v1/chat/new", new { character_id = characterId });

    /// <summary>Every page of a listing, following next_cursor; each page's body is kept.</summary>
    public static async Task<List<JsonElement>> AllPagesAsync(TestUser user, string path)
    {
        var pages = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            var url = cursor is null ? path : $"{path}{separator}cursor={Uri.EscapeDataString(cursor)}";
            var page = await (await user.Client.GetAsync(url)).AssertOkJsonAsync();
            pages.Add(page);
            cursor = page.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null);
        return pages;
    }

    public static List<string> Names(JsonElement page) =>
        page.GetProperty("data").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToList();

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}

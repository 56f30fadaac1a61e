using System.Net.Http.Json;
using System.Text.Json;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Characters;

/// <summary>The public library's calls: profiles and content settings, likes, reports, listings.</summary>
internal static class LibraryApi
{
    public const string Library = "/api/v1/character/public";

    /// <summary>A word no other test uses, for tags, searches and usernames that find only this test's rows.</summary>
    public static string UniqueWord() => $"w{Guid.NewGuid():N}"[..20];

    public static Task<HttpResponseMessage> UpdateProfileAsync(TestUser user, object body) =>
        user.Client.PutAsJsonAsync($"/api/v1/user/update/{user.Id}", body);

    /// <summary>Turns show_nsfw on with an explicit 18+ confirmation.</summary>
    public static async Task OptIntoNsfwAsync(TestUser user) =>
        await (await UpdateProfileAsync(user, new { show_nsfw = true, confirm_adult = true })).AssertOkJsonAsync();

    /// <summary>Gives the user this username, and returns it.</summary>
    public static async Task<string> NameAsync(TestUser user, string username)
    {
        await (await UpdateProfileAsync(user, new { username })).AssertOkJsonAsync();
        return username;
    }

    public static Task<HttpResponseMessage> LikeAsync(TestUser user, Guid characterId) =>
        user.Client.PutAsync($"/api/v1/character/{characterId}/like", null);

    public static Task<HttpResponseMessage> UnlikeAsync(TestUser user, Guid characterId) =>
        user.Client.DeleteAsync($"/api/v1/character/{characterId}/like");

    public static Task<HttpResponseMessage> ReportAsync(TestUser user, Guid characterId, string reason = "spam", string? details = null) =>
        user.Client.PostAsJsonAsync($"/api/v1/character/{characterId}/report", new { reason, details });

    /// <summary>The names a listing shows to this client (signed in or not).</summary>
    public static async Task<List<string>> NamesAsync(HttpClient client, string path) =>
        CharacterApi.Names(await (await client.GetAsync(path)).AssertOkJsonAsync());

    /// <summary>The tags of the library with their counts, as this client sees them.</summary>
    public static async Task<Dictionary<string, int>> TagsAsync(HttpClient client) =>
        (await (await client.GetAsync("/api/v1/character/tags?limit=500")).AssertOkJsonAsync())
        .GetProperty("data").EnumerateArray().ToDictionary(t => t.GetProperty("tag").GetString()!, t => t.GetProperty("count").GetInt32());

    public static async Task<JsonElement> CreatorPageAsync(HttpClient client, string username) =>
        (await (await client.GetAsync($"/api/v1/user/{Uri.EscapeDataString(username)}/public")).AssertOkJsonAsync()).GetProperty("data");

    public static List<string> CharacterNames(JsonElement creatorPage) =>
        creatorPage.GetProperty("characters").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToList();
}

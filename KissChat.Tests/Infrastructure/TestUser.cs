using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace KissChat.Tests.Infrastructure;

/// <summary>A signed-up user and the browser (cookie jar) they are signed in with.</summary>
public sealed record TestUser(Guid Id, string Email, string Password, string AccessToken, string RefreshToken, HttpClient Client)
{
    public const string DefaultPassword = "correct horse battery";

    /// <summary>The email every test server lists in ADMIN_EMAILS.</summary>
    public const string AdministratorEmail = "admin@kisschat.test";

    public static Task<TestUser> SignUpAsync(KissChatServer server, string? email = null) => SignUpAsync(server.CreateClient(), email);

    /// <summary>Signs up with <paramref name="client"/>, a browser of any server (one in a process of its own, too).</summary>
    public static async Task<TestUser> SignUpAsync(HttpClient client, string? email = null)
    {
        email ??= $"user-{Guid.NewGuid():N}@example.com";
        var response = await client.PostAsJsonAsync("/api/v1/auth/signup", new { email, password = DefaultPassword, method = "email" });
        return await SignedInAsync(response, email, client);
    }

    /// <summary>The server's administrator (listed in ADMIN_EMAILS), signed in: signed up the first time, logged in after.</summary>
    public static async Task<TestUser> AdministratorAsync(KissChatServer server)
    {
        var client = server.CreateClient();
        var credentials = new { email = AdministratorEmail, password = DefaultPassword, method = "email" };
        var response = await client.PostAsJsonAsync("/api/v1/auth/signup", credentials);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            response = await client.PostAsJsonAsync("/api/v1/auth/login", credentials);
        }

        return await SignedInAsync(response, AdministratorEmail, client);
    }

    /// <summary>The user's kiss coins, as <c>auth/me</c> tells them.</summary>
    public async Task<int> KissCoinsAsync() =>
        (await (await Client.GetAsync("/api/v1/auth/me")).AssertOkJsonAsync()).GetProperty("data").GetProperty("premium").GetProperty("kiss_coins").GetInt32();

    private static async Task<TestUser> SignedInAsync(HttpResponseMessage response, string email, HttpClient client)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, $"sign-in failed: {(int)response.StatusCode} {body}");
        var data = body.GetProperty("data");
        return new TestUser(
            data.GetProperty("user").GetProperty("id").GetGuid(),
            email,
            DefaultPassword,
            data.GetProperty("session").GetProperty("access_token").GetString()!,
            data.GetProperty("session").GetProperty("refresh_token").GetString()!,
            client);
    }
}

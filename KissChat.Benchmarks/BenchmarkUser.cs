using System.Net.Http.Json;
using System.Text.Json;

namespace KissChat.Benchmarks;

/// <summary>A signed-up user and their browser, taking the frontend's steps: character, chat, messages.</summary>
internal sealed class BenchmarkUser(HttpClient browser) : IDisposable
{
    private const string Password = "correct horse battery";

    /// <summary>The browser, signed in: its cookie jar holds the session.</summary>
    public HttpClient Browser => browser;

    public static Task<BenchmarkUser> SignUpAsync(BenchmarkServer server) => SignUpAsync(server.CreateBrowser());

    public static async Task<BenchmarkUser> SignUpAsync(HttpClient browser, CancellationToken cancellationToken = default)
    {
        var email = $"bench-{Guid.NewGuid():N}@example.com";
        await ReadOkAsync(await browser.PostAsJsonAsync("/api/v1/auth/signup", new { email, password = Password, method = "email" }, cancellationToken), cancellationToken);
        return new BenchmarkUser(browser);
    }

    public async Task<Guid> CreateCharacterAsync(CancellationToken cancellationToken = default)
    {
        var body = await ReadOkAsync(await browser.PostAsJsonAsync("/api/v1/character/create", new
        {
            name = "Mira",
            personality = "A cheerful, nosy innkeeper who knows every rumour in the harbour town.",
            scenario = "The Salty Gull, a harbour inn at dusk; ships creak at their moorings outside.",
            system_instruction = "Stay in character. Describe the inn and its guests vividly.",
            greeting = "Welcome to the Salty Gull, traveller! Sit by the fire, the stew is hot.",
        }, cancellationToken), cancellationToken);
        return body.GetProperty("data").GetProperty("character_id").GetGuid();
    }

    public async Task<Guid> NewChatAsync(Guid characterId, CancellationToken cancellationToken = default)
    {
        var body = await ReadOkAsync(await browser.PostAsJsonAsync("/api/v1/chat/new", new { character_id = characterId }, cancellationToken), cancellationToken);
        return body.GetProperty("newChatID").GetGuid();
    }

    /// <summary>Sends one message and reads its reply to <c>data: [DONE]</c>, timing it as the user would see it.</summary>
    public Task<TurnTiming> SendAsync(Guid chatId, string prompt, CancellationToken cancellationToken = default) =>
        ReplyStream.SendAndReadAsync(browser, chatId, prompt, cancellationToken);

    public void Dispose() => browser.Dispose();

    /// <summary>The response's JSON body; anything but a success stops the run with what the server said.</summary>
    public static async Task<JsonElement> ReadOkAsync(HttpResponseMessage response, CancellationToken cancellationToken = default)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {text}");
            }

            return JsonDocument.Parse(text).RootElement.Clone();
        }
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Hardening;

public sealed class HardeningTests(SqliteServer server) : IClassFixture<SqliteServer>
{
    [Fact]
    public async Task EveryResponseCarriesTheSecurityHeaders()
    {
        var response = await server.CreateClient().GetAsync("/api/v1/auth/me");

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task CookieAuthenticatedWritesFromAForeignOriginAreRefusedAndChangeNothing()
    {
        var user = await TestUser.SignUpAsync(server);
        var forged = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/user/update/{user.Id}") { Content = JsonContent.Create(new { username = "pwned" }) };
        forged.Headers.Add("Origin", "http://evil.test");

        var response = await user.Client.SendAsync(forged);

        var problem = await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("evil.test", problem.GetProperty("error").GetString(), StringComparison.Ordinal);
        var me = await (await user.Client.GetAsync("/api/v1/auth/me")).AssertOkJsonAsync();
        Assert.NotEqual("pwned", me.GetProperty("data").GetProperty("username").GetString());
    }

    [Theory]
    [InlineData("Origin", "http://frontend.test")]
    [InlineData("Referer", "http://frontend.test/settings/profile")]
    public async Task CookieAuthenticatedWritesFromTheFrontendAreAllowed(string header, string value)
    {
        var user = await TestUser.SignUpAsync(server);
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/user/update/{user.Id}") { Content = JsonContent.Create(new { status = "busy" }) };
        request.Headers.Add(header, value);

        var response = await user.Client.SendAsync(request);

        await response.AssertOkJsonAsync();
    }

    [Fact]
    public async Task BearerRequestsAreExemptFromTheOriginCheck()
    {
        var user = await TestUser.SignUpAsync(server);
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/user/update/{user.Id}") { Content = JsonContent.Create(new { status = "api" }) };
        request.Headers.Add("Origin", "http://some-tool.test");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);

        var response = await new HttpClient { BaseAddress = server.BaseAddress }.SendAsync(request);

        await response.AssertOkJsonAsync();
    }

    /// <summary>A blank name is one field error, whatever it names, not one per rule it breaks ("empty" and "blank").</summary>
    [Theory]
    [InlineData("/api/v1/lorebook/create", """{"name": "  "}""")]
    [InlineData("/api/v1/preset/create", """{"name": "  ", "settings": {}}""")]
    [InlineData("/api/v1/persona/create", """{"name": "  "}""")]
    [InlineData("/api/v1/lorebook/create", """{"name": ""}""")]
    [InlineData("/api/v1/persona/create", """{}""")]
    public async Task ABlankOrMissingNameIsOneFieldError(string path, string body)
    {
        var user = await TestUser.SignUpAsync(server);

        var response = await user.Client.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(1, problem.GetProperty("errors").GetProperty("name").GetArrayLength());
    }

    /// <summary>JSON may escape half a surrogate pair, which is no text: a 400 naming where, never a failure later on.</summary>
    [Theory]
    [InlineData("/api/v1/lorebook/create", """{"name": "L", "entries": [{"keys": ["k"], "content": "c", "extensions": {"x": "\ud800"}}]}""", "entries[0].extensions")]
    [InlineData("/api/v1/character/create", """{"name": "C", "personality": "p", "character_book": {"entries": [{"keys": ["k"], "content": "a\ud800"}]}}""", "character_book")]
    [InlineData("/api/v1/lorebook/import", """{"name": "\ud800", "entries": {"0": {"key": ["k"], "content": "c", "uid": 0}}}""", null)]
    [InlineData("/api/v1/preset/import", """{"temperature": 0.5, "name": "a\udc00"}""", null)]
    [InlineData("/api/v1/chat/new", """{"character_id": "\ud800"}""", null)]
    [InlineData("/api/v1/lorebook/create", """{"name": "L", "entries": [{"keys": ["k"], "content": "c", "extensions": {"a": 1, "a": 2}}]}""", "entries[0].extensions")]
    public async Task HalfASurrogatePairInJsonIsABadRequest(string path, string body, string? field)
    {
        var user = await TestUser.SignUpAsync(server);

        var response = await user.Client.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        if (field is not null)
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        }
    }

    /// <summary>
    /// A file nested past the readers' 64 levels is a 400 that says so, where it read as broken JSON at a line and byte;
    /// one 64 levels deep is read as any other.
    /// </summary>
    [Theory]
    [InlineData("/api/v1/preset/import", 65, true)]
    [InlineData("/api/v1/preset/import", 64, false)]
    [InlineData("/api/v1/persona/import", 100_000, true)]
    [InlineData("/api/v1/lorebook/import", 65, true)]
    [InlineData("/api/v1/character/import", 65, true)]
    [InlineData("/api/v1/chat/import", 65, true)]
    [InlineData("/api/v1/chat/import", 64, false)]
    public async Task AFileNestedTooDeeplyIsA400SayingSo(string path, int levels, bool tooDeep)
    {
        var user = await TestUser.SignUpAsync(server);
        var chat = path.EndsWith("chat/import", StringComparison.Ordinal);
        // An object whose last member holds arrays in arrays, as deep as asked: for a chat, its message line's 'extra'.
        var nested = (chat ? "{\"name\":\"C\",\"mes\":\"m\",\"extra\":" : "{\"a\":") + new string('[', levels - 1) + new string(']', levels - 1) + "}";
        var form = Characters.TestImages.Form(System.Text.Encoding.UTF8.GetBytes(chat ? "{\"user_name\":\"U\",\"character_name\":\"C\"}\n" + nested : nested), "nested.json", "application/json");
        if (chat)
        {
            var created = await user.Client.PostAsJsonAsync("/api/v1/character/create", new { name = "C", greeting = "Hi." });
            form.Add(new StringContent((await created.AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("data").GetProperty("character_id").GetString()!), "character_id");
        }

        var response = await user.Client.PostAsync(path, form);

        var detail = response.IsSuccessStatusCode ? "" : (await response.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("detail").GetString()!;
        Assert.Equal(tooDeep, detail.Contains("is nested too deeply (more than 64 levels of objects and arrays).", StringComparison.Ordinal));
        Assert.DoesNotContain("byte", detail, StringComparison.Ordinal);
    }

    /// <summary>A member named twice is the 400 of that member, whichever binder reads the body; nothing is stored.</summary>
    [Fact]
    public async Task AMemberNamedTwiceIsAFieldErrorAndChangesNothing()
    {
        var user = await TestUser.SignUpAsync(server);
        var created = await user.Client.PostAsJsonAsync("/api/v1/character/create", new { name = "Ann", greeting = "Hi." });
        var id = (await created.AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("data").GetProperty("character_id").GetString();

        var create = await user.Client.PostAsync("/api/v1/character/create", Json("""{"name": "Bea", "greeting": "Hi.", "name": "Cy"}"""));
        var update = await user.Client.PatchAsync($"/api/v1/character/update/{id}", Json("""{"name": "Dee", "name": "Eve"}"""));
        var signUp = await server.CreateClient().PostAsync("/api/v1/auth/signup", Json("""{"email": "a@example.com", "password": "Passw0rd!long", "email": "b@example.com"}"""));

        foreach (var (response, field) in new[] { (create, "name"), (update, "name"), (signUp, "email") })
        {
            var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        }

        var mine = await (await user.Client.GetAsync("/api/v1/character/list")).AssertOkJsonAsync();
        Assert.Equal(["Ann"], mine.GetProperty("data").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
    }

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");

    /// <summary>A null where a list belongs is that field's error, not a failure of the rules that read the list.</summary>
    [Theory]
    [InlineData("""{"name": "L", "entries": [{"keys": null, "content": "c"}]}""", "entries[0].keys")]
    [InlineData("""{"name": "L", "entries": [{"keys": ["k"], "secondary_keys": null, "content": "c"}]}""", "entries[0].secondary_keys")]
    [InlineData("""{"name": "L", "entries": [{"keys": ["k"], "content": null}]}""", "entries[0].content")]
    public async Task ANullListInALorebookEntryIsAFieldError(string body, string field)
    {
        var user = await TestUser.SignUpAsync(server);
        var bookId = (await (await user.Client.PostAsJsonAsync("/api/v1/lorebook/create", new { name = "L" })).AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("data").GetProperty("id").GetGuid();

        var created = await user.Client.PostAsync("/api/v1/lorebook/create", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var updated = await user.Client.PatchAsync($"/api/v1/lorebook/update/{bookId}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        foreach (var response in new[] { created, updated })
        {
            var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        }
    }

    [Fact]
    public async Task ANestedFieldsErrorIsNamedByItsPath()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await Chats.ChatScenario.NewChatAsync(user);

        var response = await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { author_note = new { text = (string?)null, depth = -1 } });

        var errors = (await response.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.Equal(["author_note.depth", "author_note.text"], errors.EnumerateObject().Select(e => e.Name).Order());
        Assert.StartsWith("'author_note.text'", errors.GetProperty("author_note.text")[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://frontend.test", true)]
    [InlineData("http://evil.test", false)]
    public async Task CorsAllowsOnlyTheFrontendWithCredentials(string origin, bool allowed)
    {
        var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/chat/response");
        preflight.Headers.Add("Origin", origin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");

        var response = await server.CreateClient().SendAsync(preflight);

        Assert.Equal(allowed, response.Headers.TryGetValues("Access-Control-Allow-Origin", out var origins) && origins.Single() == origin);
        Assert.Equal(allowed, response.Headers.Contains("Access-Control-Allow-Credentials"));
    }
}

public sealed class IpLimitedServer() : KissChatServer(TestDatabase.Sqlite)
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("RateLimits:AuthPerIpPerMinute", "5"),
        new("RateLimits:GlobalPerIpPerMinute", "30"),
    ];
}

public sealed class IpLimitTests(IpLimitedServer server) : IClassFixture<IpLimitedServer>
{
    [Fact]
    public async Task LoginsAndAllRequestsAreLimitedPerIpWithRetryAfterButProbesAreNot()
    {
        var client = server.CreateClient();
        var logins = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 6; attempt++)
        {
            // Another email each time: one email meets its lockout after as many failures.
            logins.Add((await client.PostAsJsonAsync("/api/v1/auth/login", new { email = $"nobody-{attempt}@example.com", password = "whatever1", method = "email" })).StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 5).Append(HttpStatusCode.TooManyRequests), logins);

        // Requests that fail authentication count too: a flood of forged tokens is throttled like anything else.
        var forged = new HttpClient { BaseAddress = server.BaseAddress };
        forged.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "forged.token.value");
        HttpResponseMessage? limited = null;
        for (var attempt = 0; attempt < 40 && limited is null; attempt++)
        {
            var response = await forged.GetAsync("/api/v1/auth/me");
            Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests });
            limited = response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }

        Assert.NotNull(limited);
        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }
}

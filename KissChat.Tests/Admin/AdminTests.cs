using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using KissChat.Tests.Characters;
using KissChat.Tests.Hardening;
using KissChat.Tests.Infrastructure;
using static KissChat.Tests.Characters.LibraryApi;

namespace KissChat.Tests.Admin;

/// <summary>Administrators (ADMIN_EMAILS, or promoted): reports, hiding, bans, premium, coins and statistics.</summary>
public abstract class AdminTests(KissChatServer server)
{
    [Fact]
    public async Task EveryAdminRouteRefusesVisitorsAndUsersAndChangesNothing()
    {
        var user = await TestUser.SignUpAsync(server);
        var routes = (await ApiSurface.ReadAsync(server)).Where(o => o.Path.StartsWith("/api/v1/admin/", StringComparison.Ordinal)).ToList();
        var before = await DatabaseFingerprint.TakeAsync(server);

        foreach (var route in routes)
        {
            var path = route.Path.Replace("{id}", user.Id.ToString(), StringComparison.Ordinal);
            var asVisitor = await server.CreateClient().SendAsync(Request(route, path));
            var asUser = await user.Client.SendAsync(Request(route, path));

            Assert.True(asVisitor.StatusCode == HttpStatusCode.Unauthorized, $"{route} as a visitor: {(int)asVisitor.StatusCode}");
            Assert.True(asUser.StatusCode == HttpStatusCode.Forbidden, $"{route} as a user: {(int)asUser.StatusCode}");
        }

        Assert.True(routes.Count >= 8, $"only {routes.Count} admin routes");
        Assert.Equal(before, await DatabaseFingerprint.TakeAsync(server));
    }

    [Fact]
    public async Task AReportIsOnePerUserAndCharacterUntilAnAdministratorResolvesIt()
    {
        var (author, reporter, id) = await PublicCharacterAsync("Spammy");
        var admin = await TestUser.AdministratorAsync(server);

        var report = (await (await ReportAsync(reporter, id, "spam", "Links everywhere.")).AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("data");
        var twice = await ReportAsync(reporter, id, "other");
        var own = await ReportAsync(author, id);
        var listed = await OpenReportAsync(admin, report.GetProperty("report_id").GetGuid());
        var dismissed = await ResolveAsync(admin, report, "dismiss");
        var resolvedAgain = await ResolveAsync(admin, report, "dismiss");
        var afterwards = await ReportAsync(reporter, id, "other");

        await twice.AssertProblemAsync(HttpStatusCode.Conflict);
        await own.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(("spam", "Links everywhere.", reporter.Id, "Spammy", author.Id), (
            listed.GetProperty("reason").GetString(), listed.GetProperty("details").GetString(), listed.GetProperty("reporter_id").GetGuid(),
            listed.GetProperty("character").GetProperty("name").GetString(), listed.GetProperty("character").GetProperty("character_user_id").GetGuid()));
        await dismissed.AssertOkJsonAsync();
        await resolvedAgain.AssertProblemAsync(HttpStatusCode.Conflict);
        await afterwards.AssertOkJsonAsync(HttpStatusCode.Created);
        Assert.Equal([id], await LibraryIdsAsync(author, "Spammy"));
    }

    [Fact]
    public async Task AHiddenCharacterLeavesEveryPublicPlaceButItsAuthorStillReadsItAndWhy()
    {
        var (author, reporter, id) = await PublicCharacterAsync("Shady");
        var creator = await NameAsync(author, UniqueWord());
        var admin = await TestUser.AdministratorAsync(server);
        var report = (await (await ReportAsync(reporter, id, "illegal")).AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("data");
        var second = await TestUser.SignUpAsync(server);
        var other = (await (await ReportAsync(second, id, "spam")).AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("data");

        await (await ResolveAsync(admin, report, "hide_character", "Against the rules.")).AssertOkJsonAsync();

        Assert.Empty(await LibraryIdsAsync(reporter, "Shady"));
        Assert.Empty(CharacterNames(await CreatorPageAsync(server.CreateClient(), creator)));
        await (await reporter.Client.GetAsync($"/api/v1/character/get/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await CharacterApi.NewChatAsync(reporter, id)).AssertProblemAsync(HttpStatusCode.NotFound);
        var own = await CharacterApi.GetAsync(author, id);
        Assert.Equal("Against the rules.", own.GetProperty("hidden_reason").GetString());
        Assert.Equal(JsonValueKind.String, own.GetProperty("hidden_at").ValueKind);
        await (await ResolveAsync(admin, other, "dismiss")).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains(await ReportsAsync(admin, "resolved"), r => r.GetProperty("report_id").GetGuid() == other.GetProperty("report_id").GetGuid()
            && r.GetProperty("resolution").GetString() == "hide_character");
    }

    [Fact]
    public async Task BanningAnAuthorEndsTheirSessionsAtOnceAndTheirLoginsAndPages()
    {
        var (author, reporter, id) = await PublicCharacterAsync("Troll");
        var creator = await NameAsync(author, UniqueWord());
        var admin = await TestUser.AdministratorAsync(server);
        var report = (await (await ReportAsync(reporter, id, "harassment")).AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("data");
        await (await author.Client.GetAsync("/api/v1/auth/me")).AssertOkJsonAsync();

        var resolved = await (await ResolveAsync(admin, report, "ban_user", "Harassing people.")).AssertOkJsonAsync();

        Assert.Equal(author.Id, resolved.GetProperty("data").GetProperty("banned_user_id").GetGuid());
        await (await author.Client.GetAsync("/api/v1/auth/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await Bearer(author).GetAsync("/api/v1/auth/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await server.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refresh_token = author.RefreshToken })).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var login = await server.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email = author.Email, password = author.Password, method = "email" });
        Assert.Contains("Harassing people.", (await login.AssertProblemAsync(HttpStatusCode.Forbidden)).GetProperty("error").GetString(), StringComparison.Ordinal);
        await (await server.CreateClient().GetAsync($"/api/v1/user/{creator}/public")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await LibraryIdsAsync(reporter, "Troll"));
    }

    [Fact]
    public async Task AdministratorsCannotBeBannedAndCanPromoteOthers()
    {
        var admin = await TestUser.AdministratorAsync(server);
        var helper = await TestUser.SignUpAsync(server);

        var banAdmin = await admin.Client.PostAsJsonAsync($"/api/v1/admin/users/{admin.Id}/ban", new { reason = "oops" });
        var before = await helper.Client.GetAsync("/api/v1/admin/stats");
        var promoted = await admin.Client.PostAsync($"/api/v1/admin/users/{helper.Id}/promote", null);
        var after = await helper.Client.GetAsync("/api/v1/admin/stats");
        var banPromoted = await admin.Client.PostAsJsonAsync($"/api/v1/admin/users/{helper.Id}/ban", new { reason = "no" });
        var unknown = await admin.Client.PostAsync($"/api/v1/admin/users/{Guid.CreateVersion7()}/promote", null);

        await banAdmin.AssertProblemAsync(HttpStatusCode.Conflict);
        await before.AssertProblemAsync(HttpStatusCode.Forbidden);
        await promoted.AssertOkJsonAsync();
        var stats = (await after.AssertOkJsonAsync()).GetProperty("data");
        Assert.True(stats.GetProperty("users").GetProperty("last_day").GetInt32() >= 2, stats.ToString());
        Assert.True(stats.GetProperty("users").GetProperty("total").GetInt32() >= stats.GetProperty("users").GetProperty("last_week").GetInt32());
        await banPromoted.AssertProblemAsync(HttpStatusCode.Conflict);
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AnAdministratorCanMarkAnyCharacterNsfw()
    {
        var (author, _, id) = await PublicCharacterAsync("Unmarked");
        var admin = await TestUser.AdministratorAsync(server);

        await (await admin.Client.PostAsJsonAsync($"/api/v1/admin/characters/{id}/nsfw", new { nsfw = true })).AssertOkJsonAsync();

        Assert.True((await CharacterApi.GetAsync(author, id)).GetProperty("nsfw").GetBoolean());
        Assert.Empty(await LibraryIdsAsync(admin, "Unmarked"));
    }

    [Fact]
    public async Task PremiumIsGrantedForGoodOrUntilATimeAndEnded()
    {
        var admin = await TestUser.AdministratorAsync(server);
        var user = await TestUser.SignUpAsync(server);
        var until = DateTimeOffset.UtcNow.AddDays(30);

        var granted = await admin.Client.PostAsJsonAsync($"/api/v1/admin/users/{user.Id}/premium", new { is_premium = true, until });
        var premium = await PremiumAsync(user);
        var past = await admin.Client.PostAsJsonAsync($"/api/v1/admin/users/{user.Id}/premium", new { is_premium = true, until = DateTimeOffset.UtcNow.AddDays(-1) });
        var ended = await admin.Client.PostAsJsonAsync($"/api/v1/admin/users/{user.Id}/premium", new { is_premium = false });
        var unknown = await admin.Client.PostAsJsonAsync($"/api/v1/admin/users/{Guid.CreateVersion7()}/premium", new { is_premium = true });

        await granted.AssertOkJsonAsync();
        Assert.True(premium.GetProperty("is_premium").GetBoolean());
        Assert.Equal(until.UtcDateTime, premium.GetProperty("premium_until").GetDateTime().ToUniversalTime(), TimeSpan.FromMilliseconds(1));
        await past.AssertProblemAsync(HttpStatusCode.BadRequest);
        await ended.AssertOkJsonAsync();
        Assert.False((await PremiumAsync(user)).GetProperty("is_premium").GetBoolean());
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task CoinGrantsChangeTheBalanceAndAppearInTheUsersHistory()
    {
        var admin = await TestUser.AdministratorAsync(server);
        var user = await TestUser.SignUpAsync(server);

        var granted = await admin.Client.PostAsJsonAsync($"/api/v1/admin/users/{user.Id}/coins", new { delta = 100, reason = "Welcome gift" });
        var tooMuch = await admin.Client.PostAsJsonAsync($"/api/v1/admin/users/{user.Id}/coins", new { delta = -1000, reason = "Take it all" });
        var taken = await admin.Client.PostAsJsonAsync($"/api/v1/admin/users/{user.Id}/coins", new { delta = -30, reason = "Correction" });
        var zero = await admin.Client.PostAsJsonAsync($"/api/v1/admin/users/{user.Id}/coins", new { delta = 0, reason = "Nothing" });
        var unknown = await admin.Client.PostAsJsonAsync($"/api/v1/admin/users/{Guid.CreateVersion7()}/coins", new { delta = 5, reason = "Nobody" });
        var history = await CharacterApi.AllPagesAsync(user, "/api/v1/user/coins/history?limit=2");

        Assert.Equal(150, (await granted.AssertOkJsonAsync()).GetProperty("data").GetProperty("balance").GetInt32());
        await tooMuch.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(120, (await taken.AssertOkJsonAsync()).GetProperty("data").GetProperty("balance").GetInt32());
        await zero.AssertProblemAsync(HttpStatusCode.BadRequest);
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
        var entries = history.SelectMany(p => p.GetProperty("data").EnumerateArray()).ToList();
        Assert.Equal(
            [("grant", -30, 120, "Correction"), ("grant", 100, 150, "Welcome gift"), ("signup", 50, 50, null)],
            entries.Select(e => (e.GetProperty("reason").GetString(), e.GetProperty("delta").GetInt32(), e.GetProperty("balance").GetInt32(), e.GetProperty("note").GetString())));
        Assert.Equal(admin.Id, entries[0].GetProperty("reference_id").GetGuid());
        Assert.Equal(120, history[0].GetProperty("balance").GetInt32());
        Assert.Equal(120, (await PremiumAsync(user)).GetProperty("kiss_coins").GetInt32());
    }

    private async Task<(TestUser Author, TestUser Reader, Guid Id)> PublicCharacterAsync(string name)
    {
        var author = await TestUser.SignUpAsync(server);
        var reader = await TestUser.SignUpAsync(server);
        var id = await CharacterApi.CreateIdAsync(author, new { name, visibility = "public" });
        return (author, reader, id);
    }

    private static Task<HttpResponseMessage> ResolveAsync(TestUser admin, JsonElement report, string action, string? note = null) =>
        admin.Client.PostAsJsonAsync($"/api/v1/admin/reports/{report.GetProperty("report_id").GetGuid()}/resolve", new { action, note });

    private static async Task<List<JsonElement>> ReportsAsync(TestUser admin, string status)
    {
        var pages = await CharacterApi.AllPagesAsync(admin, $"/api/v1/admin/reports?status={status}&limit=100");
        return pages.SelectMany(p => p.GetProperty("data").EnumerateArray()).ToList();
    }

    private static async Task<JsonElement> OpenReportAsync(TestUser admin, Guid reportId) =>
        Assert.Single(await ReportsAsync(admin, "open"), r => r.GetProperty("report_id").GetGuid() == reportId);

    /// <summary>The ids of the characters named <paramref name="name"/> that the library lists for this user.</summary>
    private static async Task<List<Guid>> LibraryIdsAsync(TestUser user, string name)
    {
        var pages = await CharacterApi.AllPagesAsync(user, $"{Library}?q={Uri.EscapeDataString(name)}&limit=100");
        return pages.SelectMany(p => p.GetProperty("data").EnumerateArray())
            .Where(c => c.GetProperty("name").GetString() == name)
            .Select(c => c.GetProperty("character_id").GetGuid())
            .ToList();
    }

    private static async Task<JsonElement> PremiumAsync(TestUser user) =>
        (await (await user.Client.GetAsync("/api/v1/auth/me")).AssertOkJsonAsync()).GetProperty("data").GetProperty("premium");

    private HttpClient Bearer(TestUser user)
    {
        var client = new HttpClient { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);
        return client;
    }

    private static HttpRequestMessage Request(ApiOperation route, string path) =>
        new(new HttpMethod(route.Method), path) { Content = route.TakesJson ? CharacterApi.Json("{}") : null };
}

public sealed class AdminTestsOnSqlite(SqliteServer server) : AdminTests(server), IClassFixture<SqliteServer>;

public sealed class AdminTestsOnPostgres(PostgresServer server) : AdminTests(server), IClassFixture<PostgresServer>;

using System.Net;
using System.Net.Http.Json;
using System.Text;
using KissChat.Tests.Characters.Cards;
using KissChat.Tests.Chats;
using KissChat.Tests.Fakes;
using KissChat.Tests.Infrastructure;
using KissChat.Users.Data;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Tests.Hardening;

/// <summary>A server with tight limits and paid replies; each test uses its own users (and so its own partitions).</summary>
public class LimitedServer(TestDatabase database) : ChatServer(database)
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        .. base.Settings(),
        new("RateLimits:MessagesPerUserPerMinute", "4"),
        new("RateLimits:ConcurrentGenerationsPerUser", "1"),
        new("RateLimits:OpenStreamsPerUser", "2"),
        new("RateLimits:ImportsPerUserPerMinute", "3"),
        new("Auth:LockoutFailures", "3"),
        new("CREDITS_ENABLED", "true"),
        new("Credits:CostPerReply", "20"),
    ];
}

public sealed class SqliteLimitedServer() : LimitedServer(TestDatabase.Sqlite);

public sealed class PostgresLimitedServer() : LimitedServer(TestDatabase.Postgres);

public abstract class AbuseLimitsTests(LimitedServer server)
{
    /// <summary>The right password from the guessing address is locked out too (the owner elsewhere is not: LoginLockoutTests).</summary>
    [Fact]
    public async Task RepeatedWrongPasswordsLockTheirAddressOutWithRetryAfter()
    {
        var user = await TestUser.SignUpAsync(server);
        var attacker = server.CreateClient();
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            await (await attacker.PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = "wrong password", method = "email" })).AssertProblemAsync(HttpStatusCode.Unauthorized);
        }

        var locking = await attacker.PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = "wrong password", method = "email" });
        var correctButLocked = await server.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = user.Password, method = "email" });

        await locking.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        await correctButLocked.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        var retryAfter = int.Parse(correctButLocked.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 200, 300);
    }

    /// <summary>Each impersonation is a model call: no more run at once for a user than its replies may.</summary>
    [Fact]
    public async Task NoMoreImpersonationsAtOnceThanRepliesMayBe()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var release = new TaskCompletionSource();
        server.ModelServer.Enqueue(ModelScript.Stream(["One."], hold: new StreamHold(0, release.Task)));
        using var first = await Sse.OpenAsync(user.Client, HttpMethod.Post, $"/api/v1/chat/{chatId}/impersonate");

        var second = await user.Client.PostAsync($"/api/v1/chat/{chatId}/impersonate", null);
        release.SetResult();
        var firstFrames = await Sse.ReadToEndAsync(first);
        server.ModelServer.Enqueue(ModelScript.Stream(["Two."]));
        var afterIt = await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Post, $"/api/v1/chat/{chatId}/impersonate"));

        Assert.Contains("at once", (await second.AssertProblemAsync(HttpStatusCode.TooManyRequests)).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(("completed", "completed"), (firstFrames[^2].Status, afterIt[^2].Status));
    }

    /// <summary>Both are model calls: a reply waits for an impersonation's place and an impersonation for a reply's.</summary>
    [Fact]
    public async Task ImpersonationsAndRepliesCountTogether()
    {
        var user = await TestUser.SignUpAsync(server);
        var (chatA, chatB) = (await ChatScenario.NewChatAsync(user), await ChatScenario.NewChatAsync(user));
        var impersonationHeld = new TaskCompletionSource();
        server.ModelServer.Enqueue(ModelScript.Stream(["One."], hold: new StreamHold(0, impersonationHeld.Task)));
        using var impersonating = await Sse.OpenAsync(user.Client, HttpMethod.Post, $"/api/v1/chat/{chatA}/impersonate");

        var replyMeanwhile = await ChatScenario.SendAsync(user, chatB, "meanwhile");
        impersonationHeld.SetResult();
        await Sse.ReadToEndAsync(impersonating);
        var replyHeld = new TaskCompletionSource();
        server.ModelServer.Enqueue(ModelScript.Stream(["Held."], hold: new StreamHold(0, replyHeld.Task)));
        using var replying = await ChatScenario.SendAsync(user, chatB, "now");
        var impersonationMeanwhile = await user.Client.PostAsync($"/api/v1/chat/{chatA}/impersonate", null);
        replyHeld.SetResult();
        await Sse.ReadToEndAsync(replying);

        Assert.Contains("at once", (await replyMeanwhile.AssertProblemAsync(HttpStatusCode.TooManyRequests)).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("at once", (await impersonationMeanwhile.AssertProblemAsync(HttpStatusCode.TooManyRequests)).GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RepliesCostCoinsTheBalanceNeverGoesNegativeAndFailuresAreRefunded()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        server.ModelServer.Enqueue(ModelScript.Status(400, "rejected"));

        var failed = await ChatScenario.SendAndReadAsync(user, chatId, "this one fails");
        Assert.Equal("failed", failed[^2].Status);
        Assert.Equal(50, await user.KissCoinsAsync());

        await ChatScenario.SendAndReadAsync(user, chatId, "paid 1");
        await ChatScenario.SendAndReadAsync(user, chatId, "paid 2");
        Assert.Equal(10, await user.KissCoinsAsync());

        var broke = await ChatScenario.SendAsync(user, chatId, "no money left");
        var problem = await broke.AssertProblemAsync(HttpStatusCode.PaymentRequired);
        Assert.Contains("kiss coins", problem.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(10, await user.KissCoinsAsync());
    }

    [Fact]
    public async Task ConcurrentPaidRequestsNeverOverdrawTheBalance()
    {
        var users = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => TestUser.SignUpAsync(server)));
        var user = users[0];
        var chats = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => ChatScenario.NewChatAsync(user)));
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KissChatDbContext>();
            await db.Set<Premium>().Where(p => p.UserId == user.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.KissCoins, 20));
        }

        var responses = await Task.WhenAll(chats.Select(chat => ChatScenario.SendAsync(user, chat, "race")));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.PaymentRequired, HttpStatusCode.TooManyRequests }));
        await Sse.ReadToEndAsync(responses.Single(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(0, await user.KissCoinsAsync());
    }

    [Fact]
    public async Task PremiumUsersAreNotCharged()
    {
        var user = await TestUser.SignUpAsync(server);
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KissChatDbContext>();
            await db.Set<Premium>().Where(p => p.UserId == user.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.IsPremium, true).SetProperty(p => p.KissCoins, 0));
        }

        var chatId = await ChatScenario.NewChatAsync(user);
        var frames = await ChatScenario.SendAndReadAsync(user, chatId, "free for me");

        Assert.Equal("completed", frames[^2].Status);
        Assert.Equal(0, await user.KissCoinsAsync());
    }

    [Fact]
    public async Task OneGenerationAtATimePerUserAndMessagesPerMinuteAreLimited()
    {
        var user = await TestUser.SignUpAsync(server);
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KissChatDbContext>();
            await db.Set<Premium>().Where(p => p.UserId == user.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.IsPremium, true));
        }

        var first = await ChatScenario.NewChatAsync(user);
        var second = await ChatScenario.NewChatAsync(user);
        var release = new TaskCompletionSource();
        server.ModelServer.Enqueue(ModelScript.Stream(["held"], hold: new StreamHold(0, release.Task)));
        using var running = await ChatScenario.SendAsync(user, first, "one");

        var concurrent = await ChatScenario.SendAsync(user, second, "two at once");
        await concurrent.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(concurrent.Headers.Contains("Retry-After"));
        release.SetResult();
        await Sse.ReadToEndAsync(running);

        // The rejected request counted too: one, two, three, four use the minute's four permits.
        await ChatScenario.SendAndReadAsync(user, second, "three");
        await ChatScenario.SendAndReadAsync(user, second, "four");
        var overMinute = await ChatScenario.SendAsync(user, second, "five in a minute");
        await overMinute.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(overMinute.Headers.Contains("Retry-After"));
    }

    /// <summary>Every kind of import draws on one allowance per user: each may store megabytes.</summary>
    [Fact]
    public async Task ImportsPerUserPerMinuteAreLimitedAcrossKinds()
    {
        var user = await TestUser.SignUpAsync(server);
        var other = await TestUser.SignUpAsync(server);
        static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
        var card = SampleCards.V3().ToJsonString();

        await (await user.Client.PostAsync("/api/v1/character/import", Json(card))).AssertOkJsonAsync(HttpStatusCode.Created);
        await (await user.Client.PostAsync("/api/v1/lorebook/import", Json("""{"entries": {"0": {"key": ["k"], "content": "c"}}}"""))).AssertOkJsonAsync(HttpStatusCode.Created);
        await (await user.Client.PostAsync("/api/v1/preset/import", Json("""{"name": "Warm", "temperature": 0.5}"""))).AssertOkJsonAsync(HttpStatusCode.Created);
        var overMinute = await user.Client.PostAsync("/api/v1/character/import", Json(card));

        await overMinute.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(overMinute.Headers.Contains("Retry-After"));
        await (await user.Client.PostAsync("/api/v1/persona/import", Json("""{"personas": {"a.png": "Ann"}}"""))).AssertProblemAsync(HttpStatusCode.TooManyRequests);
        await (await user.Client.PostAsJsonAsync("/api/v1/character/create", new { name = "Typed, not imported" })).AssertOkJsonAsync(HttpStatusCode.Created);
        await (await other.Client.PostAsync("/api/v1/character/import", Json(card))).AssertOkJsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task OpenStreamsPerUserAreCapped()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var release = new TaskCompletionSource();
        server.ModelServer.Enqueue(ModelScript.Stream(["held"], hold: new StreamHold(0, release.Task)));
        using var running = await ChatScenario.SendAsync(user, chatId, "hold on");
        var jobId = ChatScenario.JobId(await Sse.ReadAsync(running).Take(1).ToListAsync());
        using var second = await Sse.OpenAsync(user.Client, HttpMethod.Get, $"/api/v1/chat/stream/{jobId}");

        var third = await Sse.OpenAsync(user.Client, HttpMethod.Get, $"/api/v1/chat/stream/{jobId}");

        await third.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        release.SetResult();
    }

}

public sealed class AbuseLimitsTestsOnSqlite(SqliteLimitedServer server) : AbuseLimitsTests(server), IClassFixture<SqliteLimitedServer>;

public sealed class AbuseLimitsTestsOnPostgres(PostgresLimitedServer server) : AbuseLimitsTests(server), IClassFixture<PostgresLimitedServer>;

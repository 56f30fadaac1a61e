using System.Net.Http.Json;
using KissChat.Tests.Characters;
using KissChat.Tests.Chats;
using KissChat.Tests.Fakes;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Users;

/// <summary>Replies cost coins here, so charges, refunds and grants all move balances.</summary>
public class PaidChatServer(TestDatabase database) : ChatServer(database)
{
    public const int Cost = 3;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [.. base.Settings(), new("CREDITS_ENABLED", "true"), new("Credits:CostPerReply", Cost.ToString(System.Globalization.CultureInfo.InvariantCulture))];
}

public sealed class SqlitePaidChatServer() : PaidChatServer(TestDatabase.Sqlite);

public sealed class PostgresPaidChatServer() : PaidChatServer(TestDatabase.Postgres);

/// <summary>Every coin change is a ledger row, and the balance is always the ledger's sum, however changes interleave.</summary>
public abstract class CoinLedgerTests(PaidChatServer server)
{
    [Fact]
    public async Task TheLedgerStaysTheBalanceUnderConcurrentRepliesRefundsAndGrants()
    {
        const int replies = 8;
        const int failures = 3;
        var admin = await TestUser.AdministratorAsync(server);
        var user = await TestUser.SignUpAsync(server);
        var character = await ChatScenario.CreateCharacterAsync(user);
        var chats = new List<Guid>();
        for (var i = 0; i < replies; i++)
        {
            chats.Add(await ChatScenario.NewChatAsync(user, character));
        }

        for (var i = 0; i < failures; i++)
        {
            server.ModelServer.Enqueue(ModelScript.Status(400, "bad request"));
        }

        int[] grants = [10, 10, -5, 10, -5, 10, 10];
        var replying = chats.Select(chat => ChatScenario.SendAndReadAsync(user, chat, "hello")).ToList();
        var granting = grants.Select(delta => admin.Client.PostAsJsonAsync($"/api/v1/admin/users/{user.Id}/coins", new { delta, reason = "Concurrent grant" })).ToList();
        var frames = await Task.WhenAll(replying);
        foreach (var grant in await Task.WhenAll(granting))
        {
            await grant.AssertOkJsonAsync();
        }

        var completed = frames.Count(f => f[^2].Status == "completed");
        var history = (await CharacterApi.AllPagesAsync(user, "/api/v1/user/coins/history?limit=100"))
            .SelectMany(p => p.GetProperty("data").EnumerateArray())
            .Select(e => (Id: e.GetProperty("id").GetInt64(), Reason: e.GetProperty("reason").GetString(), Delta: e.GetProperty("delta").GetInt32(), Balance: e.GetProperty("balance").GetInt32()))
            .OrderBy(e => e.Id)
            .ToList();
        var balance = await user.KissCoinsAsync();

        Assert.Equal(replies - failures, completed);
        Assert.Equal(50 + grants.Sum() - (completed * PaidChatServer.Cost), balance);
        Assert.Equal(balance, history.Sum(e => e.Delta));
        Assert.Equal(balance, history[^1].Balance);
        Assert.All(history.Zip(history.Skip(1)), pair => Assert.Equal(pair.First.Balance + pair.Second.Delta, pair.Second.Balance));
        Assert.Equal(
            [("signup", 1), ("reply", replies), ("refund", failures), ("grant", grants.Length)],
            history.GroupBy(e => e.Reason).Select(g => (g.Key, g.Count())).OrderBy(g => g.Key switch { "signup" => 0, "reply" => 1, "refund" => 2, _ => 3 }));
        Assert.All(history, e => Assert.True(e.Balance >= 0, $"{e}"));
    }

    /// <summary>Writing the user's message costs what a reply does; one that gives nothing (failed, or closed before a word) is given back.</summary>
    [Fact]
    public async Task AnImpersonationCostsAReplyAndOneThatGaveNothingIsGivenBack()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var path = $"/api/v1/chat/{chatId}/impersonate";
        server.ModelServer.Enqueue(ModelScript.Stream(["I wave."]));
        await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Post, path));
        server.ModelServer.Enqueue(ModelScript.Status(400, "bad request"));
        await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Post, path));
        var hold = new TaskCompletionSource();
        server.ModelServer.Enqueue(ModelScript.Stream(["never read"], hold: new StreamHold(0, hold.Task)));
        using (var closed = await Sse.OpenAsync(user.Client, HttpMethod.Post, path))
        {
            await foreach (var frame in Sse.ReadAsync(closed))
            {
                Assert.Equal("connected", frame.Status);
                break;
            }
        }

        var reasons = await Eventually.ValueAsync(async () => await ReasonsAsync(user), r => r.Count(e => e == "refund") == 2);

        Assert.Equal(["signup", "impersonation", "impersonation", "refund", "impersonation", "refund"], reasons);
        Assert.Equal(50 - PaidChatServer.Cost, await user.KissCoinsAsync());
        hold.TrySetResult();
    }

    private static async Task<List<string?>> ReasonsAsync(TestUser user) =>
        [.. (await (await user.Client.GetAsync("/api/v1/user/coins/history?limit=100")).AssertOkJsonAsync()).GetProperty("data").EnumerateArray()
            .OrderBy(e => e.GetProperty("id").GetInt64()).Select(e => e.GetProperty("reason").GetString())];
}

public sealed class CoinLedgerTestsOnSqlite(SqlitePaidChatServer server) : CoinLedgerTests(server), IClassFixture<SqlitePaidChatServer>;

public sealed class CoinLedgerTestsOnPostgres(PostgresPaidChatServer server) : CoinLedgerTests(server), IClassFixture<PostgresPaidChatServer>;

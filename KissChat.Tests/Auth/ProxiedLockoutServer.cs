using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Auth;

/// <summary>Each test request names its client address in X-Forwarded-For, so a guesser and the owner can be told apart.</summary>
public class ProxiedLockoutServer : KissChatServer
{
    // Auth:LockoutFailures keeps its default.
    public const int LockoutFailures = 5;

    public const int AccountLockoutFailures = 8;

    private static int addresses;

    public ProxiedLockoutServer()
        : this(TestDatabase.Sqlite)
    {
    }

    protected ProxiedLockoutServer(TestDatabase database)
        : base(database)
    {
    }

    public static string NewAddress()
    {
        var n = Interlocked.Increment(ref addresses);
        return $"10.9.{n / 256}.{n % 256}";
    }

    public Task<HttpResponseMessage> LogInAsync(string email, string password, string clientAddress)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login") { Content = JsonContent.Create(new { email, password, method = "email" }) };
        request.Headers.Add("X-Forwarded-For", clientAddress);
        return CreateClient().SendAsync(request);
    }

    /// <summary>
    /// <paramref name="guesses"/> wrong passwords for <paramref name="email"/>, from as many addresses as it takes for each
    /// to stay one short of its own lockout: the answers, in order.
    /// </summary>
    public Task<List<HttpResponseMessage>> GuessFromManyAddressesAsync(string email, int guesses) => GuessFromManyAddressesAsync(email, guesses, [this]);

    /// <summary>The same, the guesses sent to <paramref name="servers"/> in turn, as a round-robin balancer would.</summary>
    public static async Task<List<HttpResponseMessage>> GuessFromManyAddressesAsync(string email, int guesses, ProxiedLockoutServer[] servers)
    {
        var answers = new List<HttpResponseMessage>();
        var address = string.Empty;
        for (var i = 0; i < guesses; i++)
        {
            if (i % (LockoutFailures - 1) == 0)
            {
                address = NewAddress();
            }

            answers.Add(await servers[i % servers.Length].LogInAsync(email, $"wrong guess {i}", address));
        }

        return answers;
    }

    /// <summary>What a client sees of each answer, but for the trace id that every answer has its own of.</summary>
    public static async Task<List<string>> AnswersAsync(List<HttpResponseMessage> responses)
    {
        var answers = new List<string>();
        foreach (var response in responses)
        {
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
            Assert.True(body.Remove("traceId"));
            answers.Add($"{(int)response.StatusCode} Retry-After: {response.Headers.RetryAfter} {body.ToJsonString()}");
        }

        return answers;
    }

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("TRUST_PROXY", "true"),
        new("Auth:AccountLockoutFailures", AccountLockoutFailures.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ];
}

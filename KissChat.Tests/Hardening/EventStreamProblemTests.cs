using System.Net;
using System.Net.Http.Json;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Hardening;

/// <summary>
/// One login or signup per client IP and minute; the client IP comes from X-Forwarded-For, so each test request can
/// come from an address of its own and only the requests meant to share a limit do.
/// </summary>
public sealed class ProxiedStrictServer() : KissChatServer(TestDatabase.Sqlite)
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("TRUST_PROXY", "true"),
        new("RateLimits:AuthPerIpPerMinute", "1"),
    ];
}

/// <summary>
/// A browser's EventSource and the frontend's SSE reader send <c>Accept: text/event-stream</c>; when such a request is
/// refused, the answer must be the same ProblemDetails, with the same headers, as for a client that accepts JSON.
/// </summary>
public sealed class EventStreamProblemTests(ProxiedStrictServer server) : IClassFixture<ProxiedStrictServer>
{
    private const string EventStream = "text/event-stream";

    [Fact]
    public async Task ARateLimitRejectionOfAnEventStreamRequestIsTheSameProblemWithRetryAfter()
    {
        var ip = NewIp();
        var wrongLogin = new { email = $"nobody-{Guid.NewGuid():N}@example.com", password = "wrong password", method = "email" };
        await (await SendAsync(HttpMethod.Post, "/api/v1/auth/login", wrongLogin, "application/json", ip)).AssertProblemAsync(HttpStatusCode.Unauthorized);

        var json = await SendAsync(HttpMethod.Post, "/api/v1/auth/login", wrongLogin, "application/json", ip);
        var stream = await SendAsync(HttpMethod.Post, "/api/v1/auth/login", wrongLogin, EventStream, ip);

        await AssertSameProblemAsync(json, stream, HttpStatusCode.TooManyRequests);
        Assert.NotNull(stream.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task ALockedOutLoginFromAnEventStreamClientIsTheSameProblemWithRetryAfter()
    {
        var email = $"locked-{Guid.NewGuid():N}@example.com";
        await (await SendAsync(HttpMethod.Post, "/api/v1/auth/signup", new { email, password = "correct horse battery", method = "email" }, "application/json", NewIp()))
            .AssertOkJsonAsync(HttpStatusCode.Created);
        var wrong = new { email, password = "wrong password", method = "email" };
        HttpResponseMessage json;
        do
        {
            json = await SendAsync(HttpMethod.Post, "/api/v1/auth/login", wrong, "application/json", NewIp());
        }
        while (json.StatusCode == HttpStatusCode.Unauthorized);

        var stream = await SendAsync(HttpMethod.Post, "/api/v1/auth/login", wrong, EventStream, NewIp());

        await AssertSameProblemAsync(json, stream, HttpStatusCode.TooManyRequests);
        Assert.NotNull(stream.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task AConflictAnsweredToAnEventStreamClientIsTheSameProblem()
    {
        var signup = new { email = $"taken-{Guid.NewGuid():N}@example.com", password = "correct horse battery", method = "email" };
        await (await SendAsync(HttpMethod.Post, "/api/v1/auth/signup", signup, "application/json", NewIp())).AssertOkJsonAsync(HttpStatusCode.Created);

        var json = await SendAsync(HttpMethod.Post, "/api/v1/auth/signup", signup, "application/json", NewIp());
        var stream = await SendAsync(HttpMethod.Post, "/api/v1/auth/signup", signup, EventStream, NewIp());

        await AssertSameProblemAsync(json, stream, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task AnInvalidRequestFromAnEventStreamClientIsTheSameProblemNamingTheFields()
    {
        var invalid = new { email = "not-an-email", password = "short", method = "email" };

        var json = await SendAsync(HttpMethod.Post, "/api/v1/auth/signup", invalid, "application/json", NewIp());
        var stream = await SendAsync(HttpMethod.Post, "/api/v1/auth/signup", invalid, EventStream, NewIp());

        await AssertSameProblemAsync(json, stream, HttpStatusCode.BadRequest);
        Assert.True((await stream.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("email", out _));
    }

    [Theory]
    [InlineData("/api/v1/auth/me", HttpStatusCode.Unauthorized)]
    [InlineData("/api/v1/chat/stream/00000000-0000-0000-0000-000000000000", HttpStatusCode.Unauthorized)]
    [InlineData("/api/v1/nothing-here", HttpStatusCode.NotFound)]
    public async Task AuthenticationAndRoutingFailuresOfEventStreamRequestsAreTheSameProblem(string path, HttpStatusCode status)
    {
        var json = await SendAsync(HttpMethod.Get, path, null, "application/json", NewIp());
        var stream = await SendAsync(HttpMethod.Get, path, null, EventStream, NewIp());

        await AssertSameProblemAsync(json, stream, status);
    }

    private static async Task AssertSameProblemAsync(HttpResponseMessage json, HttpResponseMessage stream, HttpStatusCode status)
    {
        var expected = await json.AssertProblemAsync(status);
        var actual = await stream.AssertProblemAsync(status);
        foreach (var member in new[] { "type", "title", "status", "detail", "error" })
        {
            Assert.Equal(expected.TryGetProperty(member, out var e) ? e.ToString() : null, actual.TryGetProperty(member, out var a) ? a.ToString() : null);
        }

        // Both count down the same wait; a second may tick between the two requests.
        var waits = new[] { json, stream }.Select(r => r.Headers.RetryAfter?.Delta?.TotalSeconds).ToList();
        Assert.Equal(waits[0] is null, waits[1] is null);
        Assert.InRange(Math.Abs((waits[0] ?? 0) - (waits[1] ?? 0)), 0, 1);
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body, string accept, string clientIp)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Accept.ParseAdd(accept);
        request.Headers.Add("X-Forwarded-For", clientIp);
        return new HttpClient { BaseAddress = server.BaseAddress }.SendAsync(request);
    }

    private static int addresses;

    private static string NewIp()
    {
        var n = Interlocked.Increment(ref addresses);
        return $"10.0.{n / 250}.{(n % 250) + 1}";
    }
}

using System.Net;
using System.Net.Http.Json;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Hardening;

/// <summary>What a server behind a proxy takes from <c>X-Forwarded-*</c>: the client's address, and whether it came over HTTPS.</summary>
public abstract class ForwardedHeadersTests(KissChatServer server)
{
    private static int addresses;

    protected Task<HttpResponseMessage> SendAsync(string path, string forwardedFor, string? forwardedProto = null)
    {
        var body = new { email = $"user-{Guid.NewGuid():N}@example.com", password = "wrong or new password", method = "email" };
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        }

        return new HttpClient { BaseAddress = server.BaseAddress }.SendAsync(request);
    }

    protected static string NewIp()
    {
        var n = Interlocked.Increment(ref addresses);
        return $"10.7.{n / 250}.{(n % 250) + 1}";
    }
}

/// <summary>TRUST_PROXY without a list of proxies: every peer's headers are believed, and one login or signup per client and minute.</summary>
public sealed class UnlistedProxyTests(ProxiedStrictServer server) : ForwardedHeadersTests(server), IClassFixture<ProxiedStrictServer>
{
    [Fact]
    public async Task SessionCookiesAreSecureWhenTheProxySaysTheRequestCameOverHttps()
    {
        var https = await SendAsync("/api/v1/auth/signup", NewIp(), "https");
        var http = await SendAsync("/api/v1/auth/signup", NewIp(), "http");

        await https.AssertOkJsonAsync(HttpStatusCode.Created);
        await http.AssertOkJsonAsync(HttpStatusCode.Created);
        var secure = https.Headers.GetValues("Set-Cookie").ToList();
        Assert.Equal(2, secure.Count);
        Assert.All(secure, cookie => Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase));
        Assert.All(http.Headers.GetValues("Set-Cookie"), cookie => Assert.DoesNotContain("; secure", cookie, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>One home or server is given a whole /64: its addresses are one client.</summary>
    [Fact]
    public async Task IPv6AddressesOfOneSlash64ShareALimitAndOtherNetworksDoNot()
    {
        var first = await SendAsync("/api/v1/auth/login", "2001:db8:7:1::1");
        var sameNetwork = await SendAsync("/api/v1/auth/login", "2001:db8:7:1:ffff:eeee:dddd:2");
        var otherNetwork = await SendAsync("/api/v1/auth/login", "2001:db8:7:2::1");

        await first.AssertProblemAsync(HttpStatusCode.Unauthorized);
        await sameNetwork.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        await otherNetwork.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}

/// <summary>TRUST_PROXY with a list that does not hold the test client's loopback address.</summary>
public sealed class ListedProxiesServer() : KissChatServer(TestDatabase.Sqlite)
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("TRUST_PROXY", "true"),
        new("TRUSTED_PROXIES", "10.0.0.0/8, 172.16.0.0/12, 192.168.1.1"),
        new("RateLimits:AuthPerIpPerMinute", "1"),
    ];
}

public sealed class ListedProxiesTests(ListedProxiesServer server) : ForwardedHeadersTests(server), IClassFixture<ListedProxiesServer>
{
    [Fact]
    public async Task AnUnlistedPeerCannotNameItsOwnClientAddress()
    {
        var first = await SendAsync("/api/v1/auth/login", "198.51.100.1");
        var spoofed = await SendAsync("/api/v1/auth/login", "198.51.100.2");

        await first.AssertProblemAsync(HttpStatusCode.Unauthorized);
        await spoofed.AssertProblemAsync(HttpStatusCode.TooManyRequests);
    }
}

/// <summary>TRUST_PROXY behind two proxies, both listed: the loopback one the tests talk through, and a CDN's network.</summary>
public sealed class TwoProxiesServer() : KissChatServer(TestDatabase.Sqlite)
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("TRUST_PROXY", "true"),
        new("TRUSTED_PROXIES", "127.0.0.1,10.0.0.0/8"),
        new("FORWARD_LIMIT", "2"),
        new("RateLimits:AuthPerIpPerMinute", "1"),
    ];
}

public sealed class TwoProxiesTests(TwoProxiesServer server) : ForwardedHeadersTests(server), IClassFixture<TwoProxiesServer>
{
    [Fact]
    public async Task TheClientIsTheFirstAddressFromTheRightThatNoListedProxySent()
    {
        var throughCdn = await SendAsync("/api/v1/auth/login", "198.51.100.1, 10.1.1.1");
        var otherThroughCdn = await SendAsync("/api/v1/auth/login", "198.51.100.2, 10.1.1.1");
        var unlisted = await SendAsync("/api/v1/auth/login", "198.51.100.3, 203.0.113.9");
        var spoofedBehindUnlisted = await SendAsync("/api/v1/auth/login", "198.51.100.4, 203.0.113.9");

        await throughCdn.AssertProblemAsync(HttpStatusCode.Unauthorized);
        await otherThroughCdn.AssertProblemAsync(HttpStatusCode.Unauthorized);
        await unlisted.AssertProblemAsync(HttpStatusCode.Unauthorized);
        await spoofedBehindUnlisted.AssertProblemAsync(HttpStatusCode.TooManyRequests);
    }
}

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

/// <summary>TRUST_PROXY: every peer's headers are believed, and one login or signup per client and minute.</summary>
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
}

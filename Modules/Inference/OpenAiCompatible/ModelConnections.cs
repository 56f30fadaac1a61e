using System.ClientModel.Primitives;
using KissChat.Inference.Contracts;

namespace KissChat.Inference.OpenAiCompatible;

/// <summary>
/// The connections replies reach the model over. Replies are long and many stream at once, so they ask for HTTP/2 where
/// the provider speaks it: each reply is then a stream on a shared connection rather than a connection (a socket, its
/// buffers and over HTTPS its TLS session) of its own. Over HTTPS the TLS handshake settles the version, HTTP/1.1 being
/// the fallback; a plain-http endpoint has nothing to negotiate with, so it is spoken to in HTTP/2 only when
/// <see cref="InferenceOptions.CleartextHttp2"/> says that it understands it. The provider's health probe asks the same way.
/// </summary>
internal static class ModelConnections
{
    /// <summary>The replies' way to the model, for the OpenAI SDK.</summary>
    public static HttpClientPipelineTransport Transport(InferenceOptions inference) =>
        // The reply's own deadlines (ReliableChatClient) are the only ones, as with the SDK's network timeout.
        new(new HttpClient(Handler(inference)) { Timeout = Timeout.InfiniteTimeSpan });

    public static HttpMessageHandler Handler(InferenceOptions inference)
    {
        var sockets = new SocketsHttpHandler
        {
            // Past a server's limit of streams per connection (commonly 100) a reply opens another connection rather than wait.
            EnableMultipleHttp2Connections = true,
            // A provider moving to other addresses is followed by the next connections, not only after a restart.
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            AllowAutoRedirect = false,
            UseCookies = false,
        };
        return Http2Policy(inference) is { } policy ? new AskForHttp2(sockets, policy) : sockets;
    }

    private static HttpVersionPolicy? Http2Policy(InferenceOptions inference) =>
        inference.Endpoint?.Scheme == Uri.UriSchemeHttps ? HttpVersionPolicy.RequestVersionOrLower
        : inference.CleartextHttp2 ? HttpVersionPolicy.RequestVersionExact
        : null;

    /// <summary>The SDK and the probe make HTTP/1.1 requests; this asks for HTTP/2 on each under <paramref name="policy"/>.</summary>
    private sealed class AskForHttp2(HttpMessageHandler inner, HttpVersionPolicy policy) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Version = System.Net.HttpVersion.Version20;
            request.VersionPolicy = policy;
            return base.SendAsync(request, cancellationToken);
        }
    }
}

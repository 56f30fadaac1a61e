namespace KissChat.Benchmarks.Streams;

/// <summary>How a relay reaches the fake model: HTTP/1.1, a connection a reply, or with --model-http2 as KissChat then does, HTTP/2 streams sharing connections.</summary>
internal static class ModelHttp
{
    public static HttpMessageHandler Handler(bool http2)
    {
        var sockets = new SocketsHttpHandler { EnableMultipleHttp2Connections = true };
        return http2 ? new PriorKnowledgeHttp2(sockets) : sockets;
    }

    /// <summary>Every request as HTTP/2 from the first byte: the model's HTTP/2 port has nothing to negotiate with.</summary>
    private sealed class PriorKnowledgeHttp2(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Version = System.Net.HttpVersion.Version20;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
            return base.SendAsync(request, cancellationToken);
        }
    }
}

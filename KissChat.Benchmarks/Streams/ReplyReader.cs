using System.Diagnostics;
using System.Net.ServerSentEvents;

namespace KissChat.Benchmarks.Streams;

/// <summary>Sends one streaming request and follows its reply to <c>data: [DONE]</c>, as a browser's reader would.</summary>
internal static class ReplyReader
{
    private static readonly long CoalescedBelow = Stopwatch.Frequency / 1000;

    /// <summary>
    /// Each token frame is timed when the parser hands it over. Frames that came in one read come out back to
    /// back, microseconds apart: that is what the coalesced count detects (less than 1 ms after the previous).
    /// </summary>
    /// <param name="processing">Completed when KissChat says the reply is being generated (for held streams).</param>
    public static async Task<ReplyTrace> ReadAsync(
        HttpClient client, HttpRequestMessage request, SseItemParser<Frame> parse, TaskCompletionSource? processing, CancellationToken cancellationToken)
    {
        using var sending = request;
        var sent = Stopwatch.GetTimestamp();
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                return ReplyTrace.Failed(sent, $"HTTP {(int)response.StatusCode}: {body[..Math.Min(body.Length, 300)]}");
            }

            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            long first = 0, previous = 0;
            int tokens = 0, coalesced = 0;
            await foreach (var item in SseParser.Create(stream, parse).EnumerateAsync(cancellationToken))
            {
                var now = Stopwatch.GetTimestamp();
                switch (item.Data.Kind)
                {
                    case FrameKind.Token:
                        if (tokens++ == 0)
                        {
                            first = now;
                        }
                        else if (now - previous < CoalescedBelow)
                        {
                            coalesced++;
                        }

                        previous = now;
                        break;
                    case FrameKind.Processing:
                        processing?.TrySetResult();
                        break;
                    case FrameKind.Failed:
                        return ReplyTrace.Failed(sent, $"The reply failed: {item.Data.Text}");
                    case FrameKind.Done:
                        return tokens > 0 ? new ReplyTrace(sent, first, now, tokens, coalesced, null) : ReplyTrace.Failed(sent, "[DONE] came before any token.");
                }
            }

            return ReplyTrace.Failed(sent, "The stream ended without [DONE].");
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
        {
            return ReplyTrace.Failed(sent, exception.Message);
        }
    }
}

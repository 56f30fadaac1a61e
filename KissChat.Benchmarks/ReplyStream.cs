using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;

namespace KissChat.Benchmarks;

/// <param name="FirstToken">From sending the message to the first <c>token</c> frame: what the user waits before text appears.</param>
/// <param name="Done">From sending the message to <c>data: [DONE]</c>, after the reply is stored.</param>
/// <param name="BytesReceived">The whole SSE response, which ends with the <c>completed</c> frame.</param>
internal sealed record TurnTiming(TimeSpan FirstToken, TimeSpan Done, long BytesReceived);

/// <summary>The frontend's fetch reader for <c>chat/response</c>, reduced to what the timings need.</summary>
internal static class ReplyStream
{
    // Every frame is {"status": …, …} with status first, so a prefix tells the kind without parsing the
    // completed frame, whose chatHistory can be megabytes long.
    private const string TokenPrefix = "data: {\"status\":\"token\"";
    private const string CompletedPrefix = "data: {\"status\":\"completed\"";
    private const string Done = "data: [DONE]";

    public static async Task<TurnTiming> SendAndReadAsync(HttpClient browser, Guid chatId, string prompt, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/chat/response")
        {
            Content = JsonContent.Create(new { chat_id = chatId, prompt }),
        };
        var started = Stopwatch.GetTimestamp();
        using var response = await browser.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"chat/response answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(body, Encoding.UTF8);
        TimeSpan? firstToken = null;
        var completed = false;
        long bytes = 0;
        var lastData = "";
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            bytes += Encoding.UTF8.GetByteCount(line) + 1;
            if (firstToken is null && line.StartsWith(TokenPrefix, StringComparison.Ordinal))
            {
                firstToken = Stopwatch.GetElapsedTime(started);
            }
            else if (line.StartsWith(CompletedPrefix, StringComparison.Ordinal))
            {
                completed = true;
            }
            else if (line == Done)
            {
                var done = Stopwatch.GetElapsedTime(started);
                return completed && firstToken is { } first
                    ? new TurnTiming(first, done, bytes)
                    : throw new InvalidOperationException($"The reply ended without tokens or without completing; last frame: {lastData}");
            }

            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                lastData = line.Length > 300 ? line[..300] : line;
            }
        }

        throw new InvalidOperationException($"The stream ended without [DONE]; last frame: {lastData}");
    }
}

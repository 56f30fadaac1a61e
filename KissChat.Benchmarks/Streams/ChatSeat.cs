using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Text.Json;

namespace KissChat.Benchmarks.Streams;

/// <summary>One stream of the load through KissChat: a user's browser and a chat of theirs (a chat answers one message at a time).</summary>
internal sealed class ChatSeat(HttpClient browser, Guid chatId)
{
    private int turns;

    /// <summary>Sends the chat's next message and reads the reply to its end.</summary>
    public Task<ReplyTrace> ReplyAsync(TaskCompletionSource? processing, CancellationToken cancellationToken) =>
        ReplyReader.ReadAsync(browser, NextMessage(), Frame.FromKissChat, processing, cancellationToken);

    /// <summary>Sends the chat's next message and leaves as soon as KissChat names its job, as a closed tab would; the reply goes on.</summary>
    public async Task<Guid> StartReplyAsync(CancellationToken cancellationToken)
    {
        using var request = NextMessage();
        using var response = await browser.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken))
        {
            using var frame = JsonDocument.Parse(item.Data);
            if (frame.RootElement.TryGetProperty("jobId", out var jobId))
            {
                return jobId.GetGuid();
            }
        }

        throw new InvalidOperationException("The reply's stream ended before it named its job.");
    }

    /// <summary>Reads a reply of this seat's user again from its first frame (<c>chat/stream/{jobId}</c>, no Last-Event-ID).</summary>
    public Task<ReplyTrace> ReplayAsync(Guid jobId, CancellationToken cancellationToken) =>
        ReplyReader.ReadAsync(browser, new HttpRequestMessage(HttpMethod.Get, $"/api/v1/chat/stream/{jobId}"), Frame.FromKissChat, null, cancellationToken);

    /// <summary>Whether the job has ended, from <c>job/status/{jobId}</c>.</summary>
    public async Task<bool> HasEndedAsync(Guid jobId, CancellationToken cancellationToken)
    {
        using var status = await browser.GetFromJsonAsync<JsonDocument>($"/api/v1/job/status/{jobId}", cancellationToken);
        return status!.RootElement.GetProperty("status").GetString() is "completed" or "failed" or "stopped";
    }

    private HttpRequestMessage NextMessage() =>
        new(HttpMethod.Post, "/api/v1/chat/response")
        {
            Content = JsonContent.Create(new { chat_id = chatId, prompt = Prompts.Turn(Interlocked.Increment(ref turns)) }),
        };
}

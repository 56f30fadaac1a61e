using System.Net.Http.Json;

namespace KissChat.Benchmarks.Streams;

/// <summary>One stream of the load through KissChat: a user's browser and a chat of theirs (a chat answers one message at a time).</summary>
internal sealed class ChatSeat(HttpClient browser, Guid chatId)
{
    private int turns;

    /// <summary>Sends the chat's next message and reads the reply to its end.</summary>
    public Task<ReplyTrace> ReplyAsync(TaskCompletionSource? processing, CancellationToken cancellationToken) =>
        ReplyReader.ReadAsync(
            browser,
            new HttpRequestMessage(HttpMethod.Post, "/api/v1/chat/response")
            {
                Content = JsonContent.Create(new { chat_id = chatId, prompt = Prompts.Turn(Interlocked.Increment(ref turns)) }),
            },
            Frame.FromKissChat,
            processing,
            cancellationToken);
}

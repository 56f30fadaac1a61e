using System.Text;

namespace KissChat.Benchmarks.Streams;

internal enum FrameKind
{
    Other,
    Processing,
    Token,
    Failed,
    Done,
}

/// <summary>An SSE event reduced to what the timings need; only a failure keeps its text.</summary>
internal readonly record struct Frame(FrameKind Kind, string? Text = null)
{
    /// <summary>KissChat's frames, <c>{"status": …}</c> with the status first, told apart by their first bytes.</summary>
    public static Frame FromKissChat(string eventType, ReadOnlySpan<byte> data) =>
        data.StartsWith("{\"status\":\"token\""u8) ? new(FrameKind.Token)
        : data.SequenceEqual("[DONE]"u8) ? new(FrameKind.Done)
        : data.StartsWith("{\"status\":\"processing\""u8) ? new(FrameKind.Processing)
        : data.StartsWith("{\"status\":\"failed\""u8) ? new(FrameKind.Failed, Encoding.UTF8.GetString(data))
        : new(FrameKind.Other);

    /// <summary>OpenAI chat-completion chunks: a token is a chunk with content.</summary>
    public static Frame FromOpenAi(string eventType, ReadOnlySpan<byte> data) =>
        data.IndexOf("\"content\":"u8) >= 0 ? new(FrameKind.Token)
        : data.SequenceEqual("[DONE]"u8) ? new(FrameKind.Done)
        : new(FrameKind.Other);
}

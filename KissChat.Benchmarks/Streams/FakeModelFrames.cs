using System.Text;

namespace KissChat.Benchmarks.Streams;

/// <summary>
/// The fake model's one reply as OpenAI chat-completion chunks, encoded once at start-up: streaming a token is
/// then writing bytes that already exist, not serializing JSON.
/// </summary>
/// <param name="Tokens">One <c>data:</c> frame per token; the first also carries the assistant role.</param>
/// <param name="End">The chunk with <c>finish_reason</c> "stop" and the usage, then <c>data: [DONE]</c>.</param>
internal sealed record FakeModelFrames(ReadOnlyMemory<byte>[] Tokens, ReadOnlyMemory<byte> End)
{
    public const string Model = "bench-model";

    private static readonly string[] Words = [" The", " harbour", " bell", " rings", " twice", ",", " and", " Mira", " looks", " up", "."];

    public static FakeModelFrames Build(int tokens)
    {
        var frames = Enumerable.Range(0, tokens)
            .Select(i => Encode(Chunk($"{(i == 0 ? "\"role\":\"assistant\"," : "")}\"content\":\"{Words[i % Words.Length]}\"", "null", usage: "")))
            .ToArray();
        var usage = $",\"usage\":{{\"prompt_tokens\":200,\"completion_tokens\":{tokens},\"total_tokens\":{200 + tokens}}}";
        return new FakeModelFrames(frames, Encode(Chunk("", "\"stop\"", usage) + "data: [DONE]\n\n"));
    }

    private static string Chunk(string delta, string finishReason, string usage) =>
        $$"""data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1700000000,"model":"{{Model}}","choices":[{"index":0,"delta":{{{delta}}},"finish_reason":{{finishReason}}}]{{usage}}}""" + "\n\n";

    private static ReadOnlyMemory<byte> Encode(string text) => Encoding.UTF8.GetBytes(text);
}

using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KissChat.Inference.OpenAiCompatible;

/// <summary>
/// The SDK knows OpenAI's finish reasons only and fails the whole chunk on any other, which OpenAI-compatible servers do
/// send: <c>"eos_token"</c> (text-generation-inference and proxies in front of it), <c>"error"</c> (OpenRouter, with or
/// without an <c>error</c> object), <c>"max_tokens"</c>. A reply that had streamed in full would end as a failure. So an
/// event line whose finish reason is none of OpenAI's is rewritten before the SDK reads it: an error stays an error (an
/// <c>error</c> object the provider sent, or one saying so), a cut by length stays <c>"length"</c>, anything else is a stop.
/// </summary>
internal static class FinishReasons
{
    private static readonly HashSet<string> Known = ["stop", "length", "tool_calls", "content_filter", "function_call"];
    private static readonly HashSet<string> Lengths = ["max_tokens", "max_length", "model_length"];

    /// <summary>The event line rewritten; null when it needs nothing (no finish reason, or one the SDK knows).</summary>
    public static byte[]? Rewrite(ReadOnlySpan<byte> line)
    {
        if (!HasUnknown(line) || !line.StartsWith("data:"u8))
        {
            return null;
        }

        JsonObject chunk;
        try
        {
            chunk = JsonNode.Parse(line["data:"u8.Length..]) as JsonObject ?? throw new JsonException();
        }
        catch (JsonException)
        {
            // Left as it came, for the SDK to fail as the malformed chunk it is.
            return null;
        }

        foreach (var choice in (chunk["choices"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (choice["finish_reason"] is JsonValue value && value.TryGetValue(out string? reason) && !Known.Contains(reason))
            {
                choice["finish_reason"] = Lengths.Contains(reason) ? "length" : "stop";
                if (reason == "error")
                {
                    chunk["error"] ??= new JsonObject { ["message"] = "The provider ended the reply with finish_reason \"error\"." };
                }
            }
        }

        return Encoding.UTF8.GetBytes("data: " + chunk.ToJsonString());
    }

    /// <summary>
    /// Whether the line names a finish reason that is a string the SDK does not know: found without parsing, as this runs
    /// on every chunk and nearly all carry <c>"finish_reason":null</c> or none.
    /// </summary>
    private static bool HasUnknown(ReadOnlySpan<byte> line)
    {
        var at = line.IndexOf("\"finish_reason\""u8);
        while (at >= 0)
        {
            var rest = line[(at + "\"finish_reason\""u8.Length)..].TrimStart(" \t:"u8);
            if (rest.Length > 0 && rest[0] == (byte)'"')
            {
                var end = rest[1..].IndexOf((byte)'"');
                if (end < 0 || !Known.Contains(Encoding.UTF8.GetString(rest.Slice(1, end))))
                {
                    return true;
                }
            }

            var next = rest.IndexOf("\"finish_reason\""u8);
            at = next < 0 ? -1 : line.Length - rest.Length + next;
        }

        return false;
    }
}

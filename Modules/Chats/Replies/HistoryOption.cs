using System.Text.Json;

namespace KissChat.Chats.Replies;

/// <summary>
/// How much of the chat the <c>completed</c> frame's <c>chatHistory</c> carries: <c>"full"</c> (the seed's, and the
/// default), <c>"none"</c>, or a number of last messages. A long chat's full history is megabytes on every reply.
/// </summary>
internal static class HistoryOption
{
    public const string Invalid = "'history' must be \"full\", \"none\" or how many of the last messages to include (a whole number, 0 or more).";

    /// <summary>Null for the full history, else how many of the last messages.</summary>
    public static bool TryRead(JsonElement? value, out int? last)
    {
        last = null;
        switch (value)
        {
            case null or { ValueKind: JsonValueKind.Null }:
                return true;
            case { ValueKind: JsonValueKind.String } text when Is(text, "full"):
                return true;
            case { ValueKind: JsonValueKind.String } text when Is(text, "none"):
                last = 0;
                return true;
            case { ValueKind: JsonValueKind.Number } number when number.TryGetInt32(out var count) && count >= 0:
                last = count;
                return true;
            default:
                return false;
        }
    }

    /// <summary>Text that is no text (half a surrogate pair escaped) is neither word, not an error.</summary>
    private static bool Is(JsonElement text, string word)
    {
        try
        {
            return text.ValueEquals(word);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}

using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace KissChat.Chats.ExportChat;

/// <summary>
/// A thinking model's reasoning in SillyTavern's chat files: a reply's in its <c>extra.reasoning</c>, each swipe's in its
/// <c>swipe_info</c> entry's <c>extra.reasoning</c> (SillyTavern copies a swipe's <c>extra</c> to the message's when it is
/// selected, and back). KissChat keeps it in the message's and the swipe's own reasoning, which change with the chat (a
/// continuation adds to it, a swipe brings its own); the kept <c>extra</c> holds it blank, so that no copy of it is left
/// there to disagree, and the export writes the reasoning the message has now in its place. Its other members
/// (<c>reasoning_duration</c>, <c>reasoning_type</c>, …) are SillyTavern's and stay as written.
/// </summary>
internal static class SillyTavernReasoning
{
    public const string Member = "reasoning";

    private const string ExtraMember = "extra";

    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The reasoning an <c>extra</c> (a JSON object) carries, and the <c>extra</c> to keep: with it blank.</summary>
    public static (string? Extra, string? Reasoning) Take(JsonElement? extra)
    {
        if (extra is not { ValueKind: JsonValueKind.Object } found)
        {
            return (extra?.GetRawText(), null);
        }

        if (!found.TryGetProperty(Member, out var reasoning) || reasoning.ValueKind != JsonValueKind.String || reasoning.GetString()!.Length == 0)
        {
            return (found.GetRawText(), null);
        }

        return (Object(json => WriteExtra(json, found, string.Empty)), reasoning.GetString());
    }

    /// <summary>A <c>swipe_info</c> entry's reasoning (its <c>extra</c>'s), and the entry to keep: with it blank.</summary>
    public static (string Info, string? Reasoning) TakeFromSwipe(JsonElement info)
    {
        if (!info.TryGetProperty(ExtraMember, out var extra) || Take(extra) is not (_, { } reasoning))
        {
            return (info.GetRawText(), null);
        }

        return (Object(json => WriteInfo(json, info, string.Empty, _ => false)), reasoning);
    }

    /// <summary>A kept <c>extra</c> (JSON object) with the reasoning in it; as it is when there is none.</summary>
    public static string With(string extra, string? reasoning)
    {
        if (reasoning is null)
        {
            return extra;
        }

        using var document = JsonDocument.Parse(extra);
        return document.RootElement.ValueKind == JsonValueKind.Object ? Object(json => WriteExtra(json, document.RootElement, reasoning)) : extra;
    }

    /// <summary>
    /// The members of a kept <c>swipe_info</c> entry but those <paramref name="written"/> already, its <c>extra</c> with
    /// the swipe's reasoning in it (an entry without an <c>extra</c> gets one when there is reasoning).
    /// </summary>
    public static void WriteSwipeInfo(Utf8JsonWriter json, JsonElement info, string? reasoning, Func<string, bool> written)
    {
        foreach (var member in info.EnumerateObject().Where(m => !written(m.Name)))
        {
            if (member.Name == ExtraMember && reasoning is not null && member.Value.ValueKind == JsonValueKind.Object)
            {
                json.WritePropertyName(ExtraMember);
                json.WriteStartObject();
                WriteExtraMembers(json, member.Value, reasoning);
                json.WriteEndObject();
            }
            else
            {
                member.WriteTo(json);
            }
        }

        if (reasoning is not null && !info.TryGetProperty(ExtraMember, out _))
        {
            json.WritePropertyName(ExtraMember);
            json.WriteStartObject();
            json.WriteString(Member, reasoning);
            json.WriteEndObject();
        }
    }

    private static void WriteInfo(Utf8JsonWriter json, JsonElement info, string reasoning, Func<string, bool> written)
    {
        json.WriteStartObject();
        WriteSwipeInfo(json, info, reasoning, written);
        json.WriteEndObject();
    }

    private static void WriteExtra(Utf8JsonWriter json, JsonElement extra, string reasoning)
    {
        json.WriteStartObject();
        WriteExtraMembers(json, extra, reasoning);
        json.WriteEndObject();
    }

    /// <summary>The members as written, the reasoning in its own place (or last, when the extra had none).</summary>
    private static void WriteExtraMembers(Utf8JsonWriter json, JsonElement extra, string reasoning)
    {
        var placed = false;
        foreach (var member in extra.EnumerateObject())
        {
            if (member.Name != Member)
            {
                member.WriteTo(json);
            }
            else if (!placed)
            {
                json.WriteString(Member, reasoning);
                placed = true;
            }
        }

        if (!placed)
        {
            json.WriteString(Member, reasoning);
        }
    }

    private static string Object(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            write(json);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

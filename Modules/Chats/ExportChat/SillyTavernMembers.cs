using System.Buffers;
using System.Collections.Frozen;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace KissChat.Chats.ExportChat;

/// <summary>
/// The members of a SillyTavern chat line that KissChat reads into fields of its own; the others (<c>name</c>,
/// <c>title</c>, <c>gen_started</c>, <c>gen_finished</c>, <c>force_avatar</c>, what extensions add) are kept as written and
/// given back.
/// </summary>
internal static class SillyTavernMembers
{
    public const string Name = "name";

    public static readonly FrozenSet<string> Modelled =
        new[] { "is_user", "is_system", "send_date", "mes", "swipes", "swipe_id", "swipe_info", "extra" }.ToFrozenSet();

    /// <summary>The line's other members as a JSON object; null when it has none.</summary>
    public static string? Others(JsonElement line)
    {
        var others = line.EnumerateObject().Where(m => !Modelled.Contains(m.Name)).ToList();
        if (others.Count == 0)
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>();
        // Unescaped, as the file had them: the export writes them with the same relaxed escaping.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            others.ForEach(m => m.WriteTo(json));
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A text member of kept members (a JSON object), if they have it.</summary>
    public static string? Text(JsonElement? kept, string name) =>
        kept is { } members && members.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

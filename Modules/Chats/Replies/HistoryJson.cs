using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using KissChat.Chats.Prompt;

namespace KissChat.Chats.Replies;

/// <summary>
/// The completed frame's <c>chatHistory</c> as one JSON value that writes the messages when the frame is serialized:
/// every reply carries the whole chat, so it goes straight into the frame's bytes instead of first becoming a node per
/// message and per field. The converter is the type's own, so it writes the same whatever options serialize the frame.
/// </summary>
[JsonConverter(typeof(Converter))]
internal sealed class HistoryJson(List<HistoryEntry> entries)
{
    private static readonly JsonTypeInfo<HistoryJson> TypeInfo =
        (JsonTypeInfo<HistoryJson>)new JsonSerializerOptions { TypeInfoResolver = new DefaultJsonTypeInfoResolver() }.GetTypeInfo(typeof(HistoryJson));

    private readonly List<HistoryEntry> entries = entries;

    public static JsonNode Node(List<HistoryEntry> history) => JsonValue.Create(new HistoryJson(history), TypeInfo)!;

    private sealed class Converter : JsonConverter<HistoryJson>
    {
        public override HistoryJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("A chat history is only written.");

        public override void Write(Utf8JsonWriter writer, HistoryJson value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (var entry in value.entries)
            {
                writer.WriteStartObject();
                writer.WriteString("role"u8, entry.Role);
                writer.WriteString("content"u8, entry.Content);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace KissChat.Kernel.Endpoints;

/// <summary>
/// Reads a free-form object member (a card's <c>character_book</c>, an entry's <c>extensions</c>) as written, names
/// twice included, and leaves those to the validators, which name the member (<see cref="Files.JsonFile.HasWholeText"/>).
/// The framework's own converter, when the options refuse a name given twice, throws an <see cref="ArgumentException"/>
/// that no binder words: a 500.
/// </summary>
internal sealed class JsonObjectMembers : JsonConverter<JsonObject>
{
    public override JsonObject? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.StartObject
            ? JsonObject.Create(JsonElement.ParseValue(ref reader))
            : throw new JsonException("Expected a JSON object.");

    public override void Write(Utf8JsonWriter writer, JsonObject value, JsonSerializerOptions options) => value.WriteTo(writer, options);
}

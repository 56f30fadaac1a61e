using System.Text.Json.Nodes;

namespace KissChat.Chats.ExportChat;

/// <summary>A text member of a SillyTavern chat's <c>chat_metadata</c> (kept as JSON on the chat).</summary>
internal static class SillyTavernMetadata
{
    /// <summary>The chat's own world (lorebook), by name: SillyTavern's "chat lore".</summary>
    public const string World = "world_info";

    /// <summary>The chat's Scenario Override: it stands in for the character's scenario (see <c>ChatPrompts</c>).</summary>
    public const string Scenario = "scenario";

    /// <summary>The name <c>/sys</c> narration is written under.</summary>
    public const string NarratorName = "narrator_name";

    /// <summary>The metadata as a JSON object; null when there is none (or it is not an object).</summary>
    public static JsonObject? Parse(string? chatMetadata) => chatMetadata is null ? null : JsonNode.Parse(chatMetadata) as JsonObject;

    /// <summary>
    /// The persona the chat is locked to, by its avatar's file name: SillyTavern opens the chat as that persona (and with
    /// none, as its default one).
    /// </summary>
    public const string Persona = "persona";

    /// <summary>The metadata (JSON) with the member set to <paramref name="text"/>, or without it for null (none stays none).</summary>
    public static string? With(string? chatMetadata, string key, string? text)
    {
        if (chatMetadata is null && text is null)
        {
            return null;
        }

        var metadata = Parse(chatMetadata) ?? [];
        if (text is null)
        {
            metadata.Remove(key);
        }
        else
        {
            metadata[key] = text;
        }

        return metadata.ToJsonString();
    }

    /// <summary>The member's text; null when it is missing, blank or not a text.</summary>
    /// <remarks>
    /// A prompt asks at every turn, and most chats' metadata (variables, a note's settings) has no such member: the name
    /// is looked for before the whole is parsed. SillyTavern and this server write names unescaped.
    /// </remarks>
    public static string? Text(string? chatMetadata, string key) =>
        chatMetadata is not null && chatMetadata.Contains($"\"{key}\"", StringComparison.Ordinal)
        && Parse(chatMetadata) is { } metadata && metadata[key] is JsonValue value
        && value.TryGetValue(out string? text) && !string.IsNullOrWhiteSpace(text) ? text : null;
}

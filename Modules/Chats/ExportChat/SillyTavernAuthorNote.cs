using System.Text.Json.Nodes;
using KissChat.Chats.Data;

namespace KissChat.Chats.ExportChat;

/// <summary>
/// The author's note as SillyTavern keeps it in a chat's <c>chat_metadata</c>: <c>note_prompt</c> (the text),
/// <c>note_depth</c>, and <c>note_interval</c>, <c>note_position</c> and <c>note_role</c>, which KissChat does not act
/// on (its note goes in at its depth at every turn, as a system message) and keeps as they came.
/// </summary>
internal static class SillyTavernAuthorNote
{
    /// <summary>An imported chat's note and depth; null when its metadata has none (or a text over the note's limit).</summary>
    public static (string Text, int Depth)? Read(string? chatMetadata)
    {
        if (SillyTavernMetadata.Parse(chatMetadata) is not { } metadata
            || metadata["note_prompt"] is not JsonValue prompt
            || !prompt.TryGetValue(out string? text)
            || string.IsNullOrWhiteSpace(text)
            || text.Length > ChatDefaults.MaxAuthorNoteLength)
        {
            return null;
        }

        var depth = metadata["note_depth"] is JsonValue value && value.TryGetValue(out double given) ? (int)Math.Clamp(given, 0, ChatDefaults.MaxAuthorNoteDepth) : ChatDefaults.AuthorNoteDepth;
        return (text, depth);
    }

    /// <summary>The metadata to export: what came in, with the chat's note as it is now (SillyTavern's defaults for the rest when none came).</summary>
    public static string Write(string? chatMetadata, Chat chat)
    {
        var metadata = SillyTavernMetadata.Parse(chatMetadata) ?? [];
        if (chat.AuthorNote is null && !metadata.ContainsKey("note_prompt"))
        {
            return chatMetadata ?? "{}";
        }

        if (!metadata.ContainsKey("note_prompt"))
        {
            // A note made here: at its depth, every turn, as a system message.
            (metadata["note_interval"], metadata["note_position"], metadata["note_role"]) = (1, 1, 0);
        }

        metadata["note_prompt"] = chat.AuthorNote ?? "";
        metadata["note_depth"] = chat.AuthorNoteDepth;
        return metadata.ToJsonString();
    }
}

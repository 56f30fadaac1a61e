using System.Text.Json.Nodes;
using KissChat.Chats.Data;
using KissChat.Kernel.Files;

namespace KissChat.Chats.ExportChat;

/// <summary>
/// The author's note as SillyTavern keeps it in a chat's <c>chat_metadata</c>: <c>note_prompt</c> (the text),
/// <c>note_depth</c>, <c>note_interval</c>, <c>note_position</c> (0 after the main prompt, 1 in the chat at its depth, 2
/// before the main prompt) and <c>note_role</c> (0 system, 1 user, 2 assistant).
/// </summary>
internal static class SillyTavernAuthorNote
{
    // SillyTavern's extension_prompt_types, by KissChat's names (its extension_prompt_roles are AuthorNotePlacement.Roles).
    private static readonly string[] Positions = [AuthorNotePositions.AfterMain, AuthorNotePositions.AtDepth, AuthorNotePositions.BeforeMain];

    /// <summary>
    /// An imported chat's note; null when its metadata has none (or a text over the note's limit), or an empty one at the
    /// defaults. An empty note elsewhere is kept: SillyTavern places what goes around the note (lore, the persona's
    /// description) where the note's settings say, whatever its text.
    /// </summary>
    /// <returns>Its placement is null when SillyTavern's own defaults (every turn, in the chat, as the system) were kept.</returns>
    public static (string Text, int Depth, AuthorNotePlacement? Placement)? Read(string? chatMetadata)
    {
        if (SillyTavernMetadata.Parse(chatMetadata) is not { } metadata
            || metadata["note_prompt"] is not JsonValue prompt
            || !prompt.TryGetValue(out string? text)
            || text.Length > ChatDefaults.MaxAuthorNoteLength)
        {
            return null;
        }

        // SillyTavern reads each of them through Number() (setExtensionPrompt, and its interval's arithmetic).
        var depth = SillyTavernNumbers.Coerced(metadata["note_depth"]) is { } given ? (int)Math.Clamp(given, 0, ChatDefaults.MaxAuthorNoteDepth) : ChatDefaults.AuthorNoteDepth;
        var placement = new AuthorNotePlacement(
            SillyTavernNumbers.Named(SillyTavernNumbers.Coerced(metadata["note_role"]), AuthorNotePlacement.Roles) ?? ChatRoles.System,
            SillyTavernNumbers.Coerced(metadata["note_interval"]) is { } interval ? (int)Math.Clamp(interval, 0, AuthorNotePlacement.MaxInterval) : 1,
            SillyTavernNumbers.Named(SillyTavernNumbers.Coerced(metadata["note_position"]), Positions) ?? AuthorNotePositions.AtDepth);
        var isDefault = placement == AuthorNotePlacement.Default;
        return string.IsNullOrWhiteSpace(text) && isDefault && depth == ChatDefaults.AuthorNoteDepth ? null : (text, depth, isDefault ? null : placement);
    }

    /// <summary>The metadata to export: what came in, with the chat's note as it is now.</summary>
    public static string Write(string? chatMetadata, Chat chat)
    {
        var metadata = SillyTavernMetadata.Parse(chatMetadata) ?? [];
        if (chat.AuthorNote is null && !metadata.ContainsKey("note_prompt"))
        {
            return chatMetadata ?? "{}";
        }

        // A file that came without one of them gets it only when it changed here: SillyTavern reads a missing one as its
        // user's default, and an unchanged file goes back out as it came. A note made here says all of them.
        var madeHere = !metadata.ContainsKey("note_prompt");
        void Set(string key, int value, int sillyTavernDefault)
        {
            if (madeHere || metadata.ContainsKey(key) || value != sillyTavernDefault)
            {
                metadata[key] = value;
            }
        }

        // A chat without a note (an imported empty one at the defaults) has no placement of its own: the file's goes back as it came.
        if (chat.AuthorNote is not null)
        {
            var placement = chat.AuthorNotePlacement ?? AuthorNotePlacement.Default;
            Set("note_interval", placement.Interval, 1);
            Set("note_position", SillyTavernNumbers.Numbered(placement.Position, Positions), 1);
            Set("note_role", SillyTavernNumbers.Numbered(placement.Role, AuthorNotePlacement.Roles), 0);
        }

        metadata["note_prompt"] = chat.AuthorNote ?? "";
        metadata["note_depth"] = chat.AuthorNoteDepth;
        return metadata.ToJsonString();
    }
}

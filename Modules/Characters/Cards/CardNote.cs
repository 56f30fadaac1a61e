using System.Text.Json;
using System.Text.Json.Nodes;
using KissChat.Characters.Contracts;
using KissChat.Lorebooks.Contracts;

namespace KissChat.Characters.Cards;

/// <summary>
/// SillyTavern's Character's Note, <c>data.extensions.depth_prompt</c> (<c>{prompt, depth, role}</c>) of an imported card,
/// kept in the card as written; SillyTavern puts it 4 messages from the end, as system, unless the card says otherwise.
/// </summary>
internal static class CardNote
{
    public const string Name = "depth_prompt";
    private const int DefaultDepth = 4;
    private const int MaxDepth = 100;

    /// <summary>The note, or null when there is none or its prompt is blank (SillyTavern writes an empty one into every card).</summary>
    public static CharacterNote? From(JsonObject? note)
    {
        if (note?["prompt"] is not JsonValue prompt || prompt.GetValueKind() != JsonValueKind.String || string.IsNullOrWhiteSpace(prompt.GetValue<string>()))
        {
            return null;
        }

        var depth = note["depth"] is JsonValue d && d.GetValueKind() == JsonValueKind.Number && d.TryGetValue<int>(out var given) ? Math.Clamp(given, 0, MaxDepth) : DefaultDepth;
        var role = note["role"] is JsonValue r && r.GetValueKind() == JsonValueKind.String && LoreRoles.All.Contains(r.GetValue<string>()) ? r.GetValue<string>() : LoreRoles.System;
        return new CharacterNote(prompt.GetValue<string>(), depth, role);
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using KissChat.Characters.Contracts;
using KissChat.Characters.Data;
using KissChat.Lorebooks.Contracts;

namespace KissChat.Characters.Cards;

/// <summary>
/// SillyTavern's Character's Note, <c>data.extensions.depth_prompt</c> (<c>{prompt, depth, role}</c>) of an imported card,
/// kept in <see cref="Character.CardExtras"/> as written; SillyTavern puts it at 4 messages from the end, as system, unless
/// the card says otherwise.
/// </summary>
internal static class CardNote
{
    private const string Name = "depth_prompt";
    private const int DefaultDepth = 4;
    private const int MaxDepth = 100;

    public static CharacterNote? Read(string? cardExtras)
    {
        if (cardExtras is null || !cardExtras.Contains($"\"{Name}\"", StringComparison.Ordinal)
            || JsonNode.Parse(cardExtras)?[CardFields.DataPath]?[CardFields.ExtensionsName]?[Name] is not JsonObject note
            || note["prompt"] is not JsonValue prompt || prompt.GetValueKind() != JsonValueKind.String || string.IsNullOrWhiteSpace(prompt.GetValue<string>()))
        {
            return null;
        }

        var depth = note["depth"] is JsonValue d && d.GetValueKind() == JsonValueKind.Number && d.TryGetValue<int>(out var given) ? Math.Clamp(given, 0, MaxDepth) : DefaultDepth;
        var role = note["role"] is JsonValue r && r.GetValueKind() == JsonValueKind.String && LoreRoles.All.Contains(r.GetValue<string>()) ? r.GetValue<string>() : LoreRoles.System;
        return new CharacterNote(prompt.GetValue<string>(), depth, role);
    }
}

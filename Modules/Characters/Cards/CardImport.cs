using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using KissChat.Characters.Data;

namespace KissChat.Characters.Cards;

/// <param name="Character">The mapped members, as KissChat stores them once validated.</param>
/// <param name="Card">
/// The card as written, for <see cref="Character.CardExtras"/>: everything but its spec (written afresh on export) and our
/// own extension (written from the character).
/// </param>
/// <param name="V1Sources">For a V1 card, the top-level member each <c>data</c> member was copied from.</param>
internal sealed record ImportedCard(CardCharacter Character, string Card, IReadOnlyDictionary<string, string> V1Sources)
{
    /// <summary>Where a validation error on one of our fields points in the card as it was sent, message included.</summary>
    public (string Path, string Message) InCard(string ourPath, string message)
    {
        var (path, cardMessage) = CardFields.ToCardError(ourPath, message);
        var member = path.Split('[')[0];
        return V1Sources.TryGetValue(member, out var topLevel)
            ? (topLevel + path[member.Length..], cardMessage.Replace($"'{member}", $"'{topLevel}", StringComparison.Ordinal))
            : (path, cardMessage);
    }
}

/// <summary>
/// Reads a V2 or V3 card, or a V1 one (fields at the top level, no spec) as SillyTavern still accepts them, into what
/// creating a character takes, keeping the card itself whole.
/// </summary>
internal static class CardImport
{
    public const string V2Spec = "chara_card_v2";
    public const string V3Spec = "chara_card_v3";

    /// <summary>
    /// SillyTavern's V1 import: the top-level copies it knows, then the two members it also reads from a V1 card. The
    /// first one a card has wins.
    /// </summary>
    private static readonly IReadOnlyList<(string TopLevel, string DataPath)> V1Fields =
        [.. CardFields.V1Copies, ("creator_notes", "creator_notes"), ("creator", "creator")];

    private const string PygmalionName = "char_name";

    /// <summary>
    /// Pygmalion's (gradio's) character JSON as SillyTavern's import converts it: its own five members, then the ones it
    /// reads as from a V1 card. The file's other members are not kept, as SillyTavern keeps none of them.
    /// </summary>
    private static readonly IReadOnlyList<(string TopLevel, string DataPath)> PygmalionFields =
    [
        (PygmalionName, "name"), ("char_persona", "description"), ("world_scenario", "scenario"), ("char_greeting", "first_mes"),
        ("example_dialogue", "mes_example"),
        .. V1Fields.Where(f => f.TopLevel is "creatorcomment" or "creator_notes" or "talkativeness" or "creator" or "tags"),
    ];

    /// <summary>
    /// text-generation-webui's YAML character (<see cref="OobaboogaYaml"/>) as SillyTavern's import converts it: its name,
    /// its context as the description and its greeting as the first message. The file's other members are not kept, as
    /// SillyTavern keeps none of them.
    /// </summary>
    private static readonly IReadOnlyList<(string TopLevel, string DataPath)> OobaboogaFields =
        [("name", "name"), ("context", "description"), ("greeting", "first_mes")];

    /// <summary>Checks the card's shape and types; errors are keyed by the member's path in the card.</summary>
    /// <param name="oobabooga">Whether <paramref name="card"/> is a text-generation-webui character read from its YAML.</param>
    public static bool TryRead(
        JsonObject card, bool oobabooga, [NotNullWhen(true)] out ImportedCard? imported, [NotNullWhen(false)] out Dictionary<string, string[]>? errors)
    {
        imported = null;
        errors = [];
        var kept = card.DeepClone().AsObject();
        var v1Sources = new Dictionary<string, string>(StringComparer.Ordinal);
        if (oobabooga)
        {
            if (kept["name"]?.GetValueKind() != JsonValueKind.String)
            {
                errors["name"] = [kept.ContainsKey("name") ? "'name' must be a string." : "'name' is missing: a text-generation-webui character file names its character."];
                return false;
            }

            kept = new JsonObject { [CardFields.DataPath] = FromV1(kept, v1Sources, OobaboogaFields) };
        }
        else if (!kept.TryGetPropertyValue("spec", out var spec))
        {
            // As in SillyTavern: a top-level name makes a V1 card, else a char_name Pygmalion's JSON.
            var pygmalion = !kept.ContainsKey("name") && kept.ContainsKey(PygmalionName);
            if (kept[pygmalion ? PygmalionName : "name"]?.GetValueKind() != JsonValueKind.String)
            {
                errors["spec"] = [$"'spec' is missing, and the card has no top-level 'name' (V1) or '{PygmalionName}' (Pygmalion) either: only Character Card V1, V2 ('{V2Spec}') and V3 ('{V3Spec}'), and Pygmalion's JSON, can be imported."];
                return false;
            }

            var converted = FromV1(kept, v1Sources, pygmalion ? PygmalionFields : V1Fields);
            kept = pygmalion ? [] : kept;
            kept[CardFields.DataPath] = converted;
        }
        else if (spec?.GetValueKind() != JsonValueKind.String || spec.GetValue<string>() is not (V2Spec or V3Spec))
        {
            var given = spec is null ? "null" : spec.ToJsonString();
            errors["spec"] = [$"'spec' is {given}: only Character Card V1, V2 ('{V2Spec}') and V3 ('{V3Spec}') can be imported."];
            return false;
        }

        if (kept[CardFields.DataPath] is not JsonObject data)
        {
            errors[CardFields.DataPath] = [$"'{CardFields.DataPath}' must be an object holding the character."];
            return false;
        }

        if (data["name"] is null && kept["name"] is { } topLevelName)
        {
            // SillyTavern's readFromV2 leaves the top-level name in place when data has none, and the character goes by it.
            data["name"] = topLevelName.DeepClone();
            v1Sources[$"{CardFields.DataPath}.name"] = "name";
        }

        kept.Remove("spec");
        kept.Remove("spec_version");

        var ours = new JsonObject();
        foreach (var field in CardFields.Data)
        {
            Read(data, field, ours, errors);
        }

        if (data[CardFields.ExtensionsName] is { } extensions)
        {
            if (extensions is not JsonObject extensionMembers)
            {
                errors[$"{CardFields.DataPath}.{CardFields.ExtensionsName}"] = [$"'{CardFields.DataPath}.{CardFields.ExtensionsName}' must be an object."];
            }
            else if (extensionMembers.Remove(CardFields.OurExtensionName, out var kissChat) && kissChat is not null)
            {
                if (kissChat is JsonObject kissChatMembers)
                {
                    foreach (var field in CardFields.OurExtension)
                    {
                        Read(kissChatMembers, field, ours, errors);
                    }
                }
                else
                {
                    errors[CardFields.OurExtensionPath] = [$"'{CardFields.OurExtensionPath}' must be an object."];
                }
            }
        }

        var read = new ImportedCard(ours.Deserialize<CardCharacter>(CardFields.Json)!, kept.ToJsonString(CardFields.Json), v1Sources);
        if (errors.Count > 0)
        {
            errors = errors.Select(e => read.InCard(e.Key, e.Value[0])).ToDictionary(e => e.Path, e => new[] { e.Message });
            return false;
        }

        imported = read;
        errors = null;
        return true;
    }

    /// <summary>
    /// The <c>data</c> of a V1 card (or Pygmalion's JSON), copied from its top level by <paramref name="fields"/>; a V1
    /// card's top-level members stay, as its V1 copies. Tags written as one comma-separated string become a list, as in SillyTavern.
    /// </summary>
    private static JsonObject FromV1(JsonObject card, Dictionary<string, string> sources, IReadOnlyList<(string TopLevel, string DataPath)> fields)
    {
        var data = new JsonObject();
        foreach (var (topLevel, dataPath) in fields)
        {
            if (card[topLevel] is { } value && !sources.ContainsKey($"{CardFields.DataPath}.{dataPath}"))
            {
                var copy = dataPath == "tags" && value.GetValueKind() == JsonValueKind.String
                    ? new JsonArray([.. value.GetValue<string>().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(t => JsonValue.Create(t))])
                    : value.DeepClone();
                if (JsonPath.TrySet(data, dataPath, copy))
                {
                    sources[$"{CardFields.DataPath}.{dataPath}"] = topLevel;
                }
            }
        }

        return data;
    }

    /// <summary>Copies one mapped member to our fields, if its JSON type is right; null counts as absent.</summary>
    private static void Read(JsonObject from, CardField field, JsonObject ours, Dictionary<string, string[]> errors)
    {
        if (from[field.CardName] is not { } value)
        {
            return;
        }

        switch (field.Value)
        {
            case CardValue.Text when value.GetValueKind() == JsonValueKind.String:
            case CardValue.Integer when value.GetValueKind() == JsonValueKind.Number && value.AsValue().TryGetValue<int>(out _):
            case CardValue.Flag when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
            case CardValue.TextList or CardValue.Tags when value is JsonArray items && items.All(i => i?.GetValueKind() == JsonValueKind.String):
                ours[field.OurName] = value.DeepClone();
                return;
            case CardValue.Tags when value.GetValueKind() == JsonValueKind.String:
                // SillyTavern's readFromV2 keeps tags written as one text, but its tag import maps a list and its editor
                // shows no tags for them: the character has none, and the card keeps the text (see CardValues.Same).
                return;
            case CardValue.TextList when value.GetValueKind() == JsonValueKind.String:
                // SillyTavern keeps a list written as one text, and makes it a list of that one when the card is edited.
                ours[field.OurName] = string.IsNullOrWhiteSpace(value.GetValue<string>()) ? new JsonArray() : new JsonArray(value.DeepClone());
                return;
        }

        var path = CardFields.PathOf(field);
        errors[path] = [field.Value switch
        {
            CardValue.Text => $"'{path}' must be a string.",
            CardValue.TextList or CardValue.Tags => $"'{path}' must be an array of strings.",
            CardValue.Integer => $"'{path}' must be a whole number.",
            _ => $"'{path}' must be true or false.",
        }];
    }
}

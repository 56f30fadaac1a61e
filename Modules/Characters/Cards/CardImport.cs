using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using KissChat.Characters.CreateCharacter;
using KissChat.Characters.Data;

namespace KissChat.Characters.Cards;

/// <param name="Request">The mapped fields, to be validated like any character someone creates.</param>
/// <param name="Extras">The card minus what was mapped, as JSON, for <see cref="Character.CardExtras"/>.</param>
internal sealed record ImportedCard(CreateCharacterRequest Request, string Extras);

/// <summary>Splits a V2 or V3 card into what creating a character takes and everything else it carries.</summary>
internal static class CardImport
{
    public const string V2Spec = "chara_card_v2";
    public const string V3Spec = "chara_card_v3";

    /// <summary>Checks the card's shape and types; errors are keyed by the member's path in the card.</summary>
    public static bool TryRead(
        JsonObject card, [NotNullWhen(true)] out ImportedCard? imported, [NotNullWhen(false)] out Dictionary<string, string[]>? errors)
    {
        imported = null;
        errors = [];
        var extras = card.DeepClone().AsObject();
        var spec = extras["spec"];
        if (spec?.GetValueKind() != JsonValueKind.String || spec.GetValue<string>() is not (V2Spec or V3Spec))
        {
            var given = spec is null ? "missing" : spec.ToJsonString();
            errors["spec"] = [$"'spec' is {given}: only Character Card V2 ('{V2Spec}') and V3 ('{V3Spec}') can be imported."];
            return false;
        }

        if (extras[CardFields.DataPath] is not JsonObject data)
        {
            errors[CardFields.DataPath] = [$"'{CardFields.DataPath}' must be an object holding the character."];
            return false;
        }

        // The card's own version is written afresh on export.
        extras.Remove("spec");
        extras.Remove("spec_version");

        var ours = new JsonObject();
        foreach (var field in CardFields.Data)
        {
            Take(data, field, ours, errors);
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
                        Take(kissChatMembers, field, ours, errors);
                    }
                }
                else
                {
                    errors[CardFields.OurExtensionPath] = [$"'{CardFields.OurExtensionPath}' must be an object."];
                }
            }
        }

        var extrasJson = extras.ToJsonString(CardFields.Json);
        if (extrasJson.Length > CharacterLimits.CardExtras)
        {
            errors[CardFields.DataPath] = [$"The card's other members (lorebook, extensions, assets, …) may take at most {CharacterLimits.CardExtras} characters."];
        }

        if (errors.Count > 0)
        {
            return false;
        }

        imported = new ImportedCard(ours.Deserialize<CreateCharacterRequest>(CardFields.Json)!, extrasJson);
        errors = null;
        return true;
    }

    /// <summary>Moves one mapped member from the card to our fields, if its JSON type is right; null counts as absent.</summary>
    private static void Take(JsonObject from, CardField field, JsonObject ours, Dictionary<string, string[]> errors)
    {
        if (!from.Remove(field.CardName, out var value) || value is null)
        {
            return;
        }

        var path = CardFields.PathOf(field);
        switch (field.Value)
        {
            case CardValue.Text when value.GetValueKind() == JsonValueKind.String:
            case CardValue.Integer when value.GetValueKind() == JsonValueKind.Number && value.AsValue().TryGetValue<int>(out _):
            case CardValue.Flag when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                ours[field.OurName] = value;
                return;
            case CardValue.TextList when value is JsonArray items && items.All(i => i?.GetValueKind() == JsonValueKind.String):
                // Blank entries are common in hand-edited cards and mean nothing; our own lists refuse them.
                ours[field.OurName] = new JsonArray([.. items.Select(i => i!.GetValue<string>()).Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => JsonValue.Create(i))]);
                return;
        }

        errors[path] = [field.Value switch
        {
            CardValue.Text => $"'{path}' must be a string.",
            CardValue.TextList => $"'{path}' must be an array of strings.",
            CardValue.Integer => $"'{path}' must be a whole number.",
            _ => $"'{path}' must be true or false.",
        }];
    }
}

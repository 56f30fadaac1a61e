using System.Text.Json;
using System.Text.Json.Nodes;
using KissChat.Characters.Data;

namespace KissChat.Characters.Cards;

internal enum CardVersion
{
    V2,
    V3,
}

/// <summary>
/// Writes a character as a V2 or V3 card: the mapped fields from our columns, everything an import kept from
/// <see cref="Character.CardExtras"/>, and our own attributes under <c>data.extensions.kisschat</c>.
/// </summary>
internal static class CardExport
{
    /// <param name="creator">The author's username, the card's <c>creator</c> unless the imported card named its own.</param>
    public static JsonObject Build(Character character, CardVersion version, string creator = "")
    {
        var view = JsonSerializer.SerializeToNode(CharacterView.From(character), CardFields.Json)!.AsObject();
        var extras = character.CardExtras is null ? new JsonObject() : JsonNode.Parse(character.CardExtras)!.AsObject();
        var keptData = extras[CardFields.DataPath] as JsonObject ?? [];
        extras.Remove(CardFields.DataPath);

        var data = new JsonObject();
        foreach (var field in CardFields.Data)
        {
            // Cards have no nulls: an attribute we do not have is an empty string or list.
            data[field.CardName] = view[field.OurName]?.DeepClone() ?? (field.Value == CardValue.TextList ? new JsonArray() : "");
        }

        foreach (var (name, value) in keptData)
        {
            data[name] = value?.DeepClone();
        }

        // Members the specs require, for characters that were never imported or came from a sparse card.
        data.TryAdd("creator", creator);
        data.TryAdd("character_version", "");
        if (data[CardFields.ExtensionsName] is not JsonObject)
        {
            data[CardFields.ExtensionsName] = new JsonObject();
        }

        if (version == CardVersion.V3)
        {
            data.TryAdd("group_only_greetings", new JsonArray());
        }

        var ours = OurExtension(view);
        if (ours.Count > 0)
        {
            data[CardFields.ExtensionsName]![CardFields.OurExtensionName] = ours;
        }

        var card = new JsonObject
        {
            ["spec"] = version == CardVersion.V3 ? CardImport.V3Spec : CardImport.V2Spec,
            ["spec_version"] = version == CardVersion.V3 ? "3.0" : "2.0",
            [CardFields.DataPath] = data,
        };
        foreach (var (name, value) in extras)
        {
            // SillyTavern also writes V1 copies of the fields at the top level: refresh them so they never go stale.
            card[name] = (CardFields.Data.Any(f => f.CardName == name) ? data[name] : value)?.DeepClone();
        }

        return card;
    }

    /// <summary>Only the attributes that have a value, so a card from elsewhere goes back out without a kisschat member.</summary>
    private static JsonObject OurExtension(JsonObject view)
    {
        var ours = new JsonObject();
        foreach (var field in CardFields.OurExtension)
        {
            if (view[field.OurName] is { } value && value.GetValueKind() != JsonValueKind.False)
            {
                ours[field.CardName] = value.DeepClone();
            }
        }

        return ours;
    }
}

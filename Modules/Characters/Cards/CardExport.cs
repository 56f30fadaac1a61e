using System.Text.Json;
using System.Text.Json.Nodes;
using KissChat.Characters.Data;
using KissChat.Kernel.Files;

namespace KissChat.Characters.Cards;

internal enum CardVersion
{
    V2,
    V3,
}

/// <summary>
/// Writes a character as a V2 or V3 card: the card it was imported from as written (<see cref="Character.CardExtras"/>),
/// each mapped member replaced by the character's value only where that says something else (<see cref="CardValues.Same"/>),
/// the card's top-level copies following the members replaced, and our own attributes under <c>data.extensions.kisschat</c>.
/// </summary>
internal static class CardExport
{
    private const string GroupOnlyGreetings = "group_only_greetings";

    /// <summary>
    /// The PNG card: both versions, so that apps reading only V2 can import it too, on the character's avatar converted to
    /// PNG, or a plain placeholder portrait when it has none (or only an external avatar URL).
    /// </summary>
    /// <param name="creator">The author's username (see <see cref="Build"/>).</param>
    /// <param name="turn">The author's turn at decoding, in which the avatar is read (see <see cref="DecodePlaces"/>).</param>
    public static async Task<byte[]> PngAsync(Character character, string creator, AvatarStore avatars, DecodeTurn turn, CancellationToken cancellationToken)
    {
        var picture = await avatars.ReadAsPngAsync(character.AvatarUrl, turn, cancellationToken) ?? PngPlaceholder.Image.ToArray();
        return CardFile.ToPng(picture, Build(character, CardVersion.V2, creator), Build(character, CardVersion.V3, creator));
    }

    /// <param name="creator">The author's username, the card's <c>creator</c> unless the imported card named its own.</param>
    public static JsonObject Build(Character character, CardVersion version, string creator = "")
    {
        var view = JsonSerializer.SerializeToNode(CharacterView.From(character), CardFields.Json)!.AsObject();
        var kept = character.CardExtras is null ? new JsonObject() : JsonNode.Parse(character.CardExtras)!.AsObject();
        var data = kept[CardFields.DataPath] as JsonObject ?? [];
        kept.Remove(CardFields.DataPath);

        var changed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in CardFields.Data)
        {
            var current = view[field.OurName];
            if (!data.TryGetPropertyValue(field.CardName, out var original) || !CardValues.Same(field.Value, current, original))
            {
                // Cards have no nulls of their own: an attribute we do not have is an empty string or list.
                data[field.CardName] = current?.DeepClone() ?? (field.Value == CardValue.Text ? "" : new JsonArray());
                changed.Add(field.CardName);
            }
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
            data.TryAdd(GroupOnlyGreetings, new JsonArray());
        }
        else if (data[GroupOnlyGreetings] is JsonArray { Count: 0 })
        {
            // V3's required member, empty: it tells a V2 reader nothing, and a V2 card read back from a PNG's V3 chunk
            // comes out the same as the first time.
            data.Remove(GroupOnlyGreetings);
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
        foreach (var (name, value) in kept)
        {
            card[name] = value?.DeepClone();
        }

        // SillyTavern shows a top-level copy where it has one: each follows its member once KissChat changed that, so none
        // goes stale; an unchanged card keeps its copies as written (SillyTavern's own cards have a "" for an empty list).
        foreach (var (topLevel, dataPath) in CardFields.V1Copies)
        {
            if (card.ContainsKey(topLevel) && changed.Contains(dataPath))
            {
                card[topLevel] = data[dataPath]?.DeepClone();
            }
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

using System.Text.Encodings.Web;
using System.Text.Json;

namespace KissChat.Characters.Cards;

internal enum CardValue
{
    Text,
    TextList,

    /// <summary>A list of text that KissChat matches ignoring case (see <see cref="CardValues.MatchableTags"/>).</summary>
    Tags,
    Integer,
    Flag,
}

/// <param name="CardName">The member's name in the card.</param>
/// <param name="OurName">The field's name in our API (the create request and the character view).</param>
internal sealed record CardField(string CardName, string OurName, CardValue Value);

/// <summary>
/// The one table of what maps where, read by both import and export: card members with a column of their own,
/// and our attributes that cards have no member for, which travel in <c>data.extensions.kisschat</c>.
/// </summary>
internal static class CardFields
{
    public const string DataPath = "data";
    public const string ExtensionsName = "extensions";
    public const string OurExtensionName = "kisschat";
    public const string OurExtensionPath = $"{DataPath}.{ExtensionsName}.{OurExtensionName}";

    /// <summary>In the order the V2 spec lists them, so exported cards read like everyone else's.</summary>
    public static readonly IReadOnlyList<CardField> Data =
    [
        new("name", "name", CardValue.Text),
        new("description", "public_description", CardValue.Text),
        new("personality", "personality", CardValue.Text),
        new("scenario", "scenario", CardValue.Text),
        new("first_mes", "greeting", CardValue.Text),
        new("mes_example", "mes_example", CardValue.Text),
        new("creator_notes", "creator_notes", CardValue.Text),
        new("system_prompt", "system_instruction", CardValue.Text),
        new("post_history_instructions", "post_history_instructions", CardValue.Text),
        new("alternate_greetings", "alternate_greetings", CardValue.TextList),
        new("tags", "tags", CardValue.Tags),
    ];

    /// <summary>
    /// The top-level members of SillyTavern's layout (V1 and its own additions), each a copy of a <c>data</c> member (a
    /// path in it). A V1 card's <c>data</c> is read from them; an export refreshes each copy whose member KissChat has
    /// changed, so none can show an old value.
    /// </summary>
    public static readonly IReadOnlyList<(string TopLevel, string DataPath)> V1Copies =
    [
        ("name", "name"),
        ("description", "description"),
        ("personality", "personality"),
        ("scenario", "scenario"),
        ("first_mes", "first_mes"),
        ("mes_example", "mes_example"),
        ("creatorcomment", "creator_notes"),
        ("tags", "tags"),
        ("talkativeness", "extensions.talkativeness"),
        ("fav", "extensions.fav"),
    ];

    public static readonly IReadOnlyList<CardField> OurExtension =
    [
        .. new[]
        {
            "gender", "heritage", "skin_tone", "eye_color", "hair_color", "hairstyle", "body_type", "breast_size", "butt_size",
            "voice", "occupation", "hobbies", "backstory", "behavior_preferences", "custom_physical_traits", "custom_descriptions",
        }.Select(name => new CardField(name, name, CardValue.Text)),
        new("age", "age", CardValue.Integer),
        new("ai_generated_behavior", "ai_generated_behavior", CardValue.Flag),
    ];

    /// <summary>
    /// Fields of the character view that stay out of cards: ids, timestamps, counts and moderation belong to this server,
    /// an avatar URL may point at another user's upload here, and visibility, definition visibility and the NSFW flag
    /// are the importer's choice (imports start private, public definition, not NSFW). A new view field must be mapped above or listed here.
    /// </summary>
    public static readonly IReadOnlySet<string> NotCarried = new HashSet<string>(StringComparer.Ordinal)
    {
        "character_id", "character_user_id", "avatar_url", "visibility", "chat_count", "created_at", "updated_at",
        "nsfw", "definition_visibility", "like_count", "hidden_at", "hidden_reason",
    };

    /// <summary>Fields of the character view that cards carry as they are, among the card's other members (see <see cref="CardBook"/>).</summary>
    public static readonly IReadOnlySet<string> KeptAsWritten = new HashSet<string>(StringComparer.Ordinal) { CardBook.Name };

    /// <summary>
    /// Snake case like the API. Escaping only what JSON requires keeps non-Latin names readable in exported files;
    /// control characters, NUL included, are still escaped.
    /// </summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string PathOf(CardField field) =>
        Data.Contains(field) ? $"{DataPath}.{field.CardName}" : $"{OurExtensionPath}.{field.CardName}";

    /// <summary>
    /// Where a validation error on one of our fields points in the card, message included: <c>tags[2]</c> becomes
    /// <c>data.tags[2]</c>, <c>gender</c> becomes <c>data.extensions.kisschat.gender</c>.
    /// </summary>
    public static (string Path, string Message) ToCardError(string ourPath, string message)
    {
        var index = ourPath.IndexOf('[', StringComparison.Ordinal);
        var ourName = index < 0 ? ourPath : ourPath[..index];
        var field = Data.Concat(OurExtension).FirstOrDefault(f => f.OurName == ourName);
        if (field is null)
        {
            return (ourPath, message);
        }

        var cardName = PathOf(field);
        return (cardName + ourPath[ourName.Length..], message.Replace($"'{ourName}", $"'{cardName}", StringComparison.Ordinal));
    }
}

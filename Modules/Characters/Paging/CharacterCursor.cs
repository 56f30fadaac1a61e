using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace KissChat.Characters.Paging;

internal enum CharacterOrder
{
    /// <summary>Newest first.</summary>
    Newest,

    /// <summary>Most chatted first, then newest.</summary>
    Popular,

    /// <summary>Most liked first, then newest.</summary>
    MostLiked,

    /// <summary>Most chats started in the last seven days first, then newest.</summary>
    Trending,

    /// <summary>The ones I liked, the latest like first (the time is the like's).</summary>
    Liked,
}

/// <summary>
/// Where a page ended: the sort key of its last character (ids break ties). The next page continues strictly
/// after it, so characters created meanwhile (which sort before it) neither repeat nor push anything out. In the
/// orders by a count (chats, likes, recent chats) a character whose count changes between two pages can move across
/// the cursor: the price of ordering by a live number. Opaque to clients: base64url of <c>order|score|time ticks|id</c>.
/// </summary>
internal sealed record CharacterCursor(CharacterOrder Order, int Score, DateTime Time, Guid Id)
{
    private const int MaxLength = 200;

    public string Encode() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Order}|{Score}|{Time.Ticks}|{Id:N}")));

    /// <summary>The cursor, or null when the text is not one this listing handed out (including one from another order).</summary>
    public static CharacterCursor? Decode(string text, CharacterOrder order)
    {
        if (text.Length > MaxLength || !Base64Url.IsValid(text))
        {
            return null;
        }

        var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text)).Split('|');
        return parts.Length == 4
            && parts[0] == order.ToString()
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var score)
            && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && ticks <= DateTime.MaxValue.Ticks
            && Guid.TryParseExact(parts[3], "N", out var id)
                ? new CharacterCursor(order, score, new DateTime(ticks, DateTimeKind.Utc), id)
                : null;
    }
}

using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace KissChat.Chats.ListChats;

/// <summary>
/// Where a page of chats ended: (updated_at, id) of its last chat. A chat that gets a new message moves to the
/// top, before the cursor, so later pages neither repeat it nor skip anything. Opaque to clients.
/// </summary>
internal sealed record ChatCursor(DateTime UpdatedAt, Guid Id)
{
    public string Encode() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{UpdatedAt.Ticks}|{Id:N}")));

    public static ChatCursor? Decode(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 100 || !Base64Url.IsValid(text))
        {
            return null;
        }

        var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text)).Split('|');
        return parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && ticks <= DateTime.MaxValue.Ticks
            && Guid.TryParseExact(parts[1], "N", out var id)
                ? new ChatCursor(new DateTime(ticks, DateTimeKind.Utc), id)
                : null;
    }
}

using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using KissChat.Chats.Data;

namespace KissChat.Chats.ExportChat;

/// <summary>
/// A chat as SillyTavern's <c>.jsonl</c>: a header line naming the user and the character, then one line per message
/// with its swipes. The system prompt is the character's, not a message, so it is left out.
/// </summary>
internal static class SillyTavernChat
{
    private const string UserName = "You";
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] ToJsonl(ExportedChat chat)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Line(buffer, json =>
        {
            json.WriteString("user_name", UserName);
            json.WriteString("character_name", chat.CharacterName);
            json.WriteString("create_date", chat.CreatedAt.ToString("o", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteStartObject("chat_metadata");
            json.WriteEndObject();
        });
        foreach (var message in chat.Messages.Where(m => m.Role != ChatRoles.System))
        {
            Line(buffer, json =>
            {
                var isUser = message.Role == ChatRoles.User;
                json.WriteString("name", isUser ? UserName : message.CharacterName ?? chat.CharacterName);
                json.WriteBoolean("is_user", isUser);
                json.WriteBoolean("is_system", false);
                json.WriteString("send_date", message.CreatedAt.ToString("o", System.Globalization.CultureInfo.InvariantCulture));
                json.WriteString("mes", message.Content);
                if (message.Swipes.Count > 0)
                {
                    json.WriteStartArray("swipes");
                    foreach (var swipe in message.Swipes)
                    {
                        json.WriteStringValue(swipe);
                    }

                    json.WriteEndArray();
                    json.WriteNumber("swipe_id", message.SwipeIndex);
                }
            });
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void Line(ArrayBufferWriter<byte> buffer, Action<Utf8JsonWriter> members)
    {
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            members(json);
            json.WriteEndObject();
        }

        buffer.Write("\n"u8);
    }
}

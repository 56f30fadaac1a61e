using System.Collections.Frozen;
using System.Text.Json;

namespace KissChat.Chats.ExportChat;

/// <summary>A narrator message as SillyTavern writes it: its name and avatar.</summary>
internal sealed record SillyTavernSpeaker(string Name, string Avatar);

/// <summary>
/// SillyTavern's own lines in a chat, which no character says: <c>/sys</c> narration (<c>extra.type</c> <c>narrator</c>;
/// the model reads it as a system message), <c>/comment</c> notes (<c>comment</c>; always hidden) and the notices it
/// writes itself (<c>help</c>, <c>generic</c>, …; hidden). They carry SillyTavern's avatar for them in
/// <c>force_avatar</c> and a name: an imported line keeps its own; one written here takes the chat's narrator name
/// (<c>chat_metadata</c>'s <c>narrator_name</c>, "System" unless set), or "Note".
/// </summary>
internal static class SillyTavernLines
{
    private const string Comment = "comment";

    /// <summary>
    /// SillyTavern's kinds of its own lines (<c>system_message_types</c>): narration and comments, and the help, welcome
    /// and other notices it writes into a chat, all nobody's line.
    /// </summary>
    private static readonly FrozenSet<string> Kinds = new[]
    {
        "narrator", Comment, "help", "welcome", "group", "empty", "generic", "slash_commands", "formatting", "hotkeys", "macros", "welcome_prompt", "assistant_note",
    }.ToFrozenSet();

    /// <summary>The line's member for the avatar SillyTavern shows beside it.</summary>
    public const string AvatarMember = "force_avatar";

    /// <summary>A narration made here has no <c>extra</c> of SillyTavern's: this one says what it is.</summary>
    public const string NarrationExtra = """{"type":"narrator"}""";

    public static bool IsNarration(JsonElement extra) =>
        extra.ValueKind == JsonValueKind.Object && extra.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
        && Kinds.Contains(type.GetString()!);

    /// <summary>Who says a narrator message written here in SillyTavern, from its <c>extra</c> and the chat's narrator name.</summary>
    public static SillyTavernSpeaker Speaker(string extra, string? narratorName)
    {
        using var document = JsonDocument.Parse(extra);
        if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("type", out var type) && type.ValueEquals(Comment))
        {
            return new SillyTavernSpeaker("Note", "img/quill.png");
        }

        return new SillyTavernSpeaker(narratorName ?? "System", "img/five.png");
    }
}

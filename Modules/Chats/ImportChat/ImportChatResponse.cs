using System.Text.Json.Serialization;

namespace KissChat.Chats.ImportChat;

/// <param name="NewChatId">The new chat, named as chat/new names it.</param>
/// <param name="SkippedLines">The file's message lines left out as unreadable (only with <c>skip_unreadable_lines</c>); empty otherwise.</param>
internal sealed record ImportChatResponse([property: JsonPropertyName("newChatID")] Guid NewChatId, IReadOnlyList<int> SkippedLines);

using System.Text;
using KissChat.Characters.Contracts;
using KissChat.Chats.Data;
using KissChat.Chats.Groups;
using KissChat.Chats.Messages;
using KissChat.Kernel.Database;
using KissChat.Kernel.Files;

namespace KissChat.Chats.ExportChat;

internal sealed record ExportedChat(Guid Id, string Title, Guid? CharacterId, string CharacterName, DateTime CreatedAt, DateTime UpdatedAt, DateTime ExportedAt, IReadOnlyList<MessageView> Messages);

internal static class ChatExport
{
    public static async Task<ExportedChat> LoadAsync(KissChatDbContext db, ICharacterCatalog characters, Chat chat, TimeProvider clock, CancellationToken cancellationToken)
    {
        var messages = await SpeakerNames.AddAsync(
            await SystemPrompts.AsVisibleAsync(await MessageQueries.ViewsAsync(db, db.Set<ChatMessage>().Where(m => m.ChatId == chat.Id), cancellationToken), chat, characters, cancellationToken),
            characters,
            cancellationToken);
        var summaries = chat.CharacterId is { } characterId ? await characters.SummariesAsync([characterId], cancellationToken) : null;
        var name = chat.CharacterId is { } id && summaries!.TryGetValue(id, out var character) ? character.Name : chat.Title;
        return new ExportedChat(chat.Id, chat.Title, chat.CharacterId, name, chat.CreatedAt, chat.UpdatedAt, clock.GetUtcNow().UtcDateTime, messages);
    }

    /// <summary>
    /// A readable transcript: each character's lines under its name (in a group chat, the one who spoke), the user's as
    /// "You", narration as the narrator's.
    /// </summary>
    public static string ToMarkdown(ExportedChat chat)
    {
        var markdown = new StringBuilder();
        markdown.Append("# ").AppendLine(chat.Title).AppendLine();
        markdown.Append("*A chat with ").Append(chat.CharacterName).Append(", exported ").Append(chat.ExportedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture)).AppendLine("*").AppendLine();
        foreach (var message in chat.Messages)
        {
            if (message.Role == ChatRoles.System)
            {
                if (message.Content.Length == 0)
                {
                    continue;
                }

                markdown.AppendLine("<details><summary>System prompt</summary>").AppendLine().AppendLine(message.Content).AppendLine().AppendLine("</details>").AppendLine();
                continue;
            }

            var speaker = message.Role switch
            {
                ChatRoles.User => "You",
                ChatRoles.Narrator => "Narrator",
                _ => message.CharacterName ?? chat.CharacterName,
            };
            markdown.Append("**").Append(speaker).Append(":** ").AppendLine(message.Content);
            if (message.Status == MessageStatus.Stopped || message.Hidden)
            {
                markdown.AppendLine().AppendLine(message.Hidden ? "*(hidden from the model)*" : "*(stopped)*");
            }

            markdown.AppendLine();
        }

        return markdown.ToString();
    }

    /// <summary>A download name made only of safe characters.</summary>
    public static string FileName(ExportedChat chat, string extension) => $"{SafeFileNames.From(chat.Title, "chat")}.{extension}";
}

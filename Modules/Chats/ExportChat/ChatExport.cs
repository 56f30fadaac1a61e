using System.Text;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using KissChat.Characters.Contracts;
using KissChat.Chats.Data;
using KissChat.Chats.GetChat;
using KissChat.Chats.Groups;
using KissChat.Chats.Messages;
using KissChat.Chats.Prompt;
using KissChat.Kernel.Database;
using KissChat.Kernel.Files;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats.ExportChat;

/// <param name="AuthorNote">The chat's author's note as <c>GET chat/{id}</c> gives it; null when it has none.</param>
/// <param name="ChatMetadata">
/// What SillyTavern keeps with the chat (its <c>chat_metadata</c>: variables, an imported chat's own members), as kept
/// here; null when there is none. A group chat's SillyTavern file has no header to carry it: this export does.
/// </param>
internal sealed record ExportedChat(
    Guid Id, string Title, Guid? CharacterId, string CharacterName, DateTime CreatedAt, DateTime UpdatedAt, DateTime ExportedAt, IReadOnlyList<ExportedMessage> Messages,
    AuthorNote? AuthorNote, JsonNode? ChatMetadata);

/// <summary>A message as the messages API gives it (<see cref="MessageView"/>), with each swipe's reasoning.</summary>
/// <param name="Reasoning">The thinking model's reasoning behind the selected alternative; null when it gave none.</param>
/// <param name="SwipeReasoning">Each of <paramref name="Swipes"/>' reasoning (null for one without any); null when none has any.</param>
internal sealed record ExportedMessage(
    Guid Id, int Seq, string Role, string Content, string Status, int SwipeIndex, IReadOnlyList<string> Swipes, DateTime CreatedAt,
    Guid? CharacterId, string? CharacterName, bool Hidden, string? Reasoning, IReadOnlyList<string?>? SwipeReasoning,
    [property: JsonIgnore] IReadOnlyList<DateTime>? SwipeDates)
{
    /// <summary>The reasoning of swipe <paramref name="index"/>: the message's own for the selected one.</summary>
    public string? ReasoningOf(int index) => index == SwipeIndex ? Reasoning : SwipeReasoning?[index];

    public static ExportedMessage From(MessageView message)
    {
        IReadOnlyList<string?> reasoning = [.. message.Swipes.Select((_, index) => index == message.SwipeIndex ? message.Reasoning : message.SwipeReasoning?[index])];
        return new ExportedMessage(
            message.Id, message.Seq, message.Role, message.Content, message.Status, message.SwipeIndex, message.Swipes, message.CreatedAt, message.CharacterId,
            message.CharacterName, message.Hidden, message.Reasoning, reasoning.Any(r => r is not null) ? reasoning : null, message.SwipeDates);
    }
}

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
        return new ExportedChat(
            chat.Id, chat.Title, chat.CharacterId, name, chat.CreatedAt, chat.UpdatedAt, clock.GetUtcNow().UtcDateTime, [.. messages.Select(ExportedMessage.From)],
            AuthorNote.Of(chat), SillyTavernMetadata.Parse(chat.ChatMetadata));
    }

    /// <summary>
    /// A readable transcript: each character's lines under its name (in a group chat, the one who spoke), the user's
    /// under <paramref name="userName"/>, narration as the narrator's; a reply's reasoning folded away before it, as the
    /// system prompt is.
    /// </summary>
    /// <param name="userName">The user as the chat's prompt names them (<see cref="PromptUserName"/>), as its SillyTavern file does.</param>
    public static string ToMarkdown(ExportedChat chat, string userName)
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
                ChatRoles.User => userName,
                ChatRoles.Narrator => "Narrator",
                _ => message.CharacterName ?? chat.CharacterName,
            };
            if (message.Reasoning is { Length: > 0 } reasoning)
            {
                markdown.AppendLine("<details><summary>Reasoning</summary>").AppendLine().AppendLine(reasoning).AppendLine().AppendLine("</details>").AppendLine();
            }

            markdown.Append("**").Append(speaker).Append(":** ").AppendLine(message.Content);
            if (message.Status != MessageStatus.Complete || message.Hidden)
            {
                markdown.AppendLine().AppendLine(message.Hidden ? "*(hidden from the model)*" : $"*({message.Status})*");
            }

            markdown.AppendLine();
        }

        return markdown.ToString();
    }

    /// <summary>A download name made only of safe characters.</summary>
    public static string FileName(string title, string extension) => $"{SafeFileNames.From(title, "chat")}.{extension}";
}

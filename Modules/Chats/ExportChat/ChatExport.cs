using System.Runtime.CompilerServices;
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

/// <param name="Messages">
/// Read while the export is written, a page at a time (<see cref="ChatExport.PageSize"/> messages a query, in order), so
/// that it holds one page of a long chat and never the whole; each enumeration reads the chat again, up to the last
/// message it had when it was loaded.
/// </param>
/// <param name="AuthorNote">The chat's author's note as <c>GET chat/{id}</c> gives it; null when it has none.</param>
/// <param name="ChatMetadata">
/// What SillyTavern keeps with the chat (its <c>chat_metadata</c>: variables, an imported chat's own members), as kept
/// here; null when there is none. A group chat's SillyTavern file has no header to carry it: this export does.
/// </param>
internal sealed record ExportedChat(
    Guid Id, string Title, Guid? CharacterId, string CharacterName, DateTime CreatedAt, DateTime UpdatedAt, DateTime ExportedAt, IAsyncEnumerable<ExportedMessage> Messages,
    AuthorNote? AuthorNote, JsonNode? ChatMetadata);

/// <summary>A message as the messages API gives it (<see cref="MessageView"/>), with each swipe's reasoning.</summary>
/// <param name="Reasoning">The thinking model's reasoning behind the selected alternative; null when it gave none.</param>
/// <param name="SwipeReasoning">Each of <paramref name="Swipes"/>' reasoning (null for one without any); null when none has any.</param>
/// <param name="Kept">What an import kept of the SillyTavern line it came from, for its <c>.jsonl</c>; null when nothing.</param>
internal sealed record ExportedMessage(
    Guid Id, int Seq, string Role, string Content, string Status, int SwipeIndex, IReadOnlyList<string> Swipes, DateTime CreatedAt,
    Guid? CharacterId, string? CharacterName, bool Hidden, string? Reasoning, IReadOnlyList<string?>? SwipeReasoning,
    [property: JsonIgnore] IReadOnlyList<DateTime>? SwipeDates, [property: JsonIgnore] KeptMembers? Kept)
{
    /// <summary>The reasoning of swipe <paramref name="index"/>: the message's own for the selected one.</summary>
    public string? ReasoningOf(int index) => index == SwipeIndex ? Reasoning : SwipeReasoning?[index];

    public static ExportedMessage From(MessageView message, KeptMembers? kept)
    {
        IReadOnlyList<string?> reasoning = [.. message.Swipes.Select((_, index) => index == message.SwipeIndex ? message.Reasoning : message.SwipeReasoning?[index])];
        return new ExportedMessage(
            message.Id, message.Seq, message.Role, message.Content, message.Status, message.SwipeIndex, message.Swipes, message.CreatedAt, message.CharacterId,
            message.CharacterName, message.Hidden, message.Reasoning, reasoning.Any(r => r is not null) ? reasoning : null, message.SwipeDates, kept);
    }
}

internal static class ChatExport
{
    /// <summary>
    /// Messages read at a time. A 30,000-message chat read whole took the server's peak memory 217–254 MB higher to make
    /// its .jsonl (two at once, as <c>Exports:Concurrency</c> allows, 430–450 MB); a page at a time, 58–82 MB.
    /// </summary>
    public const int PageSize = 1_000;

    /// <summary>Text written to the file at a time.</summary>
    private const int WriteChars = 32 * 1024;

    // Without a byte order mark, a lone surrogate replaced as Encoding.UTF8 does it (StreamWriter's own UTF-8 throws instead).
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// The chat as it is now, its messages read as they are written (<see cref="ExportedChat.Messages"/>) up to the last one
    /// it has now: a message added while the pages are read (a reply arriving) would otherwise come in part-way, a user's
    /// message without the reply that followed it.
    /// </summary>
    public static async Task<ExportedChat> LoadAsync(KissChatDbContext db, ICharacterCatalog characters, Chat chat, TimeProvider clock, CancellationToken cancellationToken)
    {
        var summaries = chat.CharacterId is { } characterId ? await characters.SummariesAsync([characterId], cancellationToken) : null;
        var name = chat.CharacterId is { } id && summaries!.TryGetValue(id, out var character) ? character.Name : chat.Title;
        var lastSeq = await db.Set<ChatMessage>().Where(m => m.ChatId == chat.Id).MaxAsync(m => (int?)m.Seq, cancellationToken) ?? int.MinValue;
        return new ExportedChat(
            chat.Id, chat.Title, chat.CharacterId, name, chat.CreatedAt, chat.UpdatedAt, clock.GetUtcNow().UtcDateTime, MessagesAsync(db, characters, chat, lastSeq),
            AuthorNote.Of(chat), SillyTavernMetadata.Parse(chat.ChatMetadata));
    }

    /// <summary>The messages up to <paramref name="lastSeq"/> as the chat's user may read them, with their swipes and speakers, a page at a time.</summary>
    private static async IAsyncEnumerable<ExportedMessage> MessagesAsync(
        KissChatDbContext db, ICharacterCatalog characters, Chat chat, int lastSeq, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // After the last one read, by its seq, which a message keeps: one deleted meanwhile leaves a gap, not a shift. A new
        // message takes a seq after every other, so the bound keeps out all that came later.
        var after = int.MinValue;
        while (true)
        {
            var rows = await db.Set<ChatMessage>().AsNoTracking()
                .Where(m => m.ChatId == chat.Id && m.Seq > after && m.Seq <= lastSeq).OrderBy(m => m.Seq).Take(PageSize).ToListAsync(cancellationToken);
            var swipes = await MessageQueries.SwipesAsync(db, rows, cancellationToken);
            var views = await SpeakerNames.AddAsync(
                await SystemPrompts.AsVisibleAsync([.. rows.Select(m => MessageQueries.View(m, swipes[m.Id]))], chat, characters, cancellationToken), characters, cancellationToken);
            foreach (var (view, row) in views.Zip(rows))
            {
                yield return ExportedMessage.From(view, KeptMembers.Of(row, swipes[row.Id]));
            }

            if (rows.Count < PageSize)
            {
                yield break;
            }

            after = rows[^1].Seq;
        }
    }

    /// <summary>
    /// A readable transcript: each character's lines under its name (in a group chat, the one who spoke), the user's
    /// under <paramref name="userName"/>, narration as the narrator's; a reply's reasoning folded away before it, as the
    /// system prompt is. Every text in it is shown as written, its code as code (<see cref="MarkdownText"/>).
    /// </summary>
    /// <param name="userName">The user as the chat's prompt names them (<see cref="PromptUserName"/>), as its SillyTavern file does.</param>
    public static async Task WriteMarkdownAsync(ExportedChat chat, string userName, Stream file, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(file, Utf8, WriteChars, leaveOpen: true);
        var markdown = new StringBuilder();
        var text = new MarkdownText();
        markdown.Append("# ").AppendLine(MarkdownText.OneLine(chat.Title)).AppendLine();
        markdown.Append("*A chat with ").Append(MarkdownText.OneLine(chat.CharacterName)).Append(", exported ").Append(chat.ExportedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture)).AppendLine("*").AppendLine();
        await foreach (var message in chat.Messages.WithCancellation(cancellationToken))
        {
            if (markdown.Length >= WriteChars)
            {
                await writer.WriteAsync(markdown, cancellationToken);
                markdown.Clear();
            }

            if (message.Role == ChatRoles.System)
            {
                if (message.Content.Length == 0)
                {
                    continue;
                }

                Folded(markdown, text, "System prompt", message.Content);
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
                Folded(markdown, text, "Reasoning", reasoning);
            }

            text.AppendLine(markdown, $"**{MarkdownText.OneLine(speaker)}:** ", message.Content);
            if (message.Status != MessageStatus.Complete || message.Hidden)
            {
                markdown.AppendLine().AppendLine(message.Hidden ? "*(hidden from the model)*" : $"*({message.Status})*");
            }

            markdown.AppendLine();
        }

        await writer.WriteAsync(markdown, cancellationToken);
    }

    /// <summary>A text folded away under <paramref name="summary"/>, its lines starting lines of their own.</summary>
    private static void Folded(StringBuilder markdown, MarkdownText text, string summary, string content)
    {
        markdown.Append("<details><summary>").Append(summary).AppendLine("</summary>").AppendLine();
        text.AppendLine(markdown, string.Empty, content);
        markdown.AppendLine().AppendLine("</details>").AppendLine();
    }

    /// <summary>A download name made only of safe characters.</summary>
    public static string FileName(string title, string extension) => $"{SafeFileNames.From(title, "chat")}.{extension}";
}

using System.Text;
using System.Text.RegularExpressions;
using KissChat.Chats.Data;
using KissChat.Chats.Prompt;
using KissChat.Inference.Contracts;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using ChatMessage = KissChat.Chats.Data.ChatMessage;

namespace KissChat.Chats.AutoTitle;

/// <summary>
/// <c>title: "auto"</c>: the chat's own model names the chat from its first messages. The answer is cleaned to one short
/// line; a provider failure or an unusable answer is a 502 and the title stays as it was.
/// </summary>
internal sealed partial class AutoTitles(KissChatDbContext db, ChatPrompts prompts, IChatClient model, ILogger<AutoTitles> logger)
{
    public const string Keyword = "auto";

    public const int MaxLength = 80;

    private const int OpeningMessages = 6;

    private const int MessageExcerpt = 600;

    private const string Instruction =
        "You name conversations. Answer with a title of at most six words for the conversation the user shows you, in its "
        + "language: no quotes, no trailing punctuation, nothing but the title.";

    public static bool Asked(string? title) => string.Equals(title?.Trim(), Keyword, StringComparison.OrdinalIgnoreCase);

    /// <summary>The title, or the problem to answer instead.</summary>
    public async Task<(string? Title, ProblemHttpResult? Problem)> SuggestAsync(Chat chat, CancellationToken cancellationToken)
    {
        var opening = await db.Set<ChatMessage>().AsNoTracking()
            .Where(m => m.ChatId == chat.Id)
            .Where(ModelHistory.Includes)
            .OrderBy(m => m.Seq)
            .Take(OpeningMessages)
            .Select(m => new { m.Role, m.Content })
            .ToListAsync(cancellationToken);
        // Built for its settings: the title comes from the model the chat's replies use (request, chat, preset, server).
        var prompt = await prompts.BuildAsync(new PromptRequest(chat.Id, chat.UserId), cancellationToken);
        if (opening.Count == 0 || prompt is null)
        {
            return (null, Problems.Conflict("This chat has no messages to name it from yet."));
        }

        var conversation = new StringBuilder();
        foreach (var message in opening)
        {
            var text = message.Content.Length > MessageExcerpt ? message.Content[..MessageExcerpt] + "…" : message.Content;
            conversation.Append(ChatRoles.TranscriptLabel(message.Role)).Append(": ").AppendLine(text);
        }

        var options = new ChatOptions { ModelId = prompt.Settings.Model, MaxOutputTokens = 32, Temperature = 0.3f };
        try
        {
            var response = await model.GetStreamingResponseAsync(
                [new(ChatRole.System, Instruction), new(ChatRole.User, conversation.ToString())], options, cancellationToken).ToChatResponseAsync(cancellationToken);
            return Clean(response.Text) is { } title
                ? (title, null)
                : (null, Problems.Create(StatusCodes.Status502BadGateway, "The model did not answer with a usable title; the title was not changed."));
        }
        catch (ModelProviderException exception)
        {
            logger.LogWarning("Model provider failed to title chat {ChatId}: {Detail}", chat.Id, exception.OperatorDetail ?? exception.Message);
            return (null, Problems.Create(StatusCodes.Status502BadGateway, $"{exception.Message} The title was not changed."));
        }
    }

    /// <summary>The first line of the answer without reasoning, quotes, a "Title:" label or a final full stop; null when nothing is left.</summary>
    public static string? Clean(string answer)
    {
        var line = Reasoning().Replace(answer, " ").Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
        if (line is null)
        {
            return null;
        }

        line = Label().Replace(line, "");
        line = new string([.. line.Where(c => !char.IsControl(c))]);
        line = Whitespace().Replace(line.Trim().Trim('"', '\'', '“', '”', '«', '»', '*', '`', '#').Trim(), " ").TrimEnd('.', ' ');
        if (line.Length > MaxLength)
        {
            var cut = line.LastIndexOf(' ', MaxLength);
            line = line[..(cut > MaxLength / 2 ? cut : char.IsHighSurrogate(line[MaxLength - 1]) ? MaxLength - 1 : MaxLength)];
        }

        return line.Length > 0 ? line : null;
    }

    [GeneratedRegex(@"<think>[\s\S]*?(</think>|$)", RegexOptions.IgnoreCase)]
    private static partial Regex Reasoning();

    [GeneratedRegex(@"^\W*title\s*:\s*", RegexOptions.IgnoreCase)]
    private static partial Regex Label();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

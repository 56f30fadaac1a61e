using System.Text;
using System.Text.Json;
using KissChat.Chats.Data;
using KissChat.Chats.ExportChat;
using KissChat.Kernel.Files;

namespace KissChat.Chats.ImportChat;

/// <param name="SwipeInfo">Its <c>swipe_info</c> entry (JSON object), as written but its reasoning (see <see cref="SillyTavernReasoning"/>).</param>
/// <param name="Reasoning">The thinking model's reasoning for it (its entry's <c>extra.reasoning</c>); null when it has none.</param>
internal sealed record ImportedSwipe(string Content, DateTime SentAt, string? SwipeInfo = null, string? Reasoning = null);

/// <param name="Swipes">Assistant messages only: every alternative, the selected one at <paramref name="SwipeIndex"/>.</param>
internal sealed record ImportedMessage(string Role, string Content, int SwipeIndex, IReadOnlyList<ImportedSwipe> Swipes, DateTime SentAt, string? Extra)
{
    /// <summary>The file's line it was read from.</summary>
    public int Line { get; init; }

    /// <summary>Who said it, as the file names them: the speaker of a group chat's reply.</summary>
    public string? Name { get; init; }

    /// <summary>SillyTavern's <c>is_system</c>: the message is shown but the model does not read it.</summary>
    public bool Hidden { get; init; }

    /// <summary>Its members KissChat has no field for (see <see cref="SillyTavernMembers"/>).</summary>
    public string? OtherMembers { get; init; }

    /// <summary>A reply's reasoning: its selected swipe's (<c>extra.reasoning</c>); null when it has none.</summary>
    public string? Reasoning { get; init; }
}

/// <param name="CreatedAt">The header's <c>create_date</c>, when it is a date.</param>
/// <param name="ChatMetadata">The header's <c>chat_metadata</c> (JSON), kept as written.</param>
/// <param name="UserName">The header's <c>user_name</c>: the persona the chat was written as.</param>
/// <param name="SkippedLines">The message lines left out because they could not be read, when that was asked for.</param>
internal sealed record ImportedChat(DateTime? CreatedAt, string? ChatMetadata, string? UserName, IReadOnlyList<ImportedMessage> Messages, IReadOnlyList<int> SkippedLines);

/// <summary>
/// Reads SillyTavern's <c>.jsonl</c> chat: a header line (<c>user_name</c>, <c>character_name</c>, <c>create_date</c>,
/// <c>chat_metadata</c>), then one message per line (<c>name</c>, <c>is_user</c>, <c>is_system</c>, <c>send_date</c>,
/// <c>mes</c>, <c>swipes</c>, <c>swipe_id</c>, <c>extra</c>). The chat is attached to characters chosen by the user; the
/// names in the file only say which of a group chat's characters said each reply. A message whose date cannot be read takes the one before it.
/// SillyTavern's <c>is_system</c> messages come in hidden, and its own lines (<c>extra.type</c> <c>narrator</c>, from <c>/sys</c>,
/// <c>comment</c>, from <c>/comment</c>, and its notices) as the narrator's (see <see cref="SillyTavernLines"/>).
/// Chats exported from Chub, which write each text as <c>{"message": …}</c>, are read as SillyTavern's import reads them.
/// </summary>
internal static class SillyTavernChatFile
{
    public const int MaxSkippedLines = 1000;

    /// <summary>The chat, or the first thing wrong with the file, naming its line.</summary>
    /// <param name="skipUnreadable">
    /// Leave out a message line that cannot be read, as SillyTavern's chat reader leaves out a line it cannot parse,
    /// rather than refuse the file; its first line (the header) must still be readable.
    /// </param>
    public static (ImportedChat? Chat, int Line, string? Error) Read(byte[] file, int maxMessageCharacters, DateTime now, TimeZoneInfo local, bool skipUnreadable = false)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(file).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException invalid)
        {
            // Named by the line of the first byte that is not UTF-8, as every other fault is.
            var at = Math.Clamp(invalid.Index, 0, file.Length);
            return (null, file.AsSpan(0, at).Count((byte)'\n') + 1, "not UTF-8 text.");
        }

        var lines = text.Split('\n');
        DateTime? createdAt = null;
        string? metadata = null;
        string? userName = null;
        var begun = false;
        var messages = new List<ImportedMessage>();
        var skipped = new List<int>();
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index].TrimEnd('\r');
            var number = index + 1;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var (json, fault) = Parse(line);

            // SillyTavern's group chats were long written without a header (their metadata lived in the group's own file):
            // a first line that is a message begins the messages.
            if (fault is null && !begun && !json.TryGetProperty("mes", out _))
            {
                if (!(json.TryGetProperty("user_name", out _) || json.TryGetProperty("character_name", out _)))
                {
                    return (null, number, "the first line must be SillyTavern's chat header (user_name, character_name, create_date, chat_metadata) or a message.");
                }

                begun = true;
                createdAt = json.TryGetProperty("create_date", out var created) ? SillyTavernDates.Read(created, local) : null;
                userName = json.TryGetProperty("user_name", out var user) && user.ValueKind == JsonValueKind.String ? user.GetString() : null;
                metadata = json.TryGetProperty("chat_metadata", out var chatMetadata) && chatMetadata.ValueKind != JsonValueKind.Null ? chatMetadata.GetRawText() : null;
                continue;
            }

            var previous = messages.Count > 0 ? messages[^1].SentAt : createdAt ?? now;
            var (message, error) = fault is null ? Message(json, previous, maxMessageCharacters, local) : (null, fault);
            if (message is null)
            {
                // The first line, header or message, is never left out: without it the file may be no chat at all; nor is a
                // file that is mostly unreadable (its answer would list millions of lines).
                if (!(skipUnreadable && begun))
                {
                    return (null, number, error);
                }

                if (skipped.Count == MaxSkippedLines)
                {
                    return (null, number, $"more than {MaxSkippedLines:N0} lines cannot be read ({error}); this is no SillyTavern chat.");
                }

                skipped.Add(number);
                continue;
            }

            begun = true;
            messages.Add(message with { Line = number, Name = json.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null });
        }

        if (messages.Count == 0 && skipped.Count > 0)
        {
            return (null, skipped[0], "no message line can be read.");
        }

        return begun ? (new ImportedChat(createdAt, metadata, userName, messages, skipped), 0, null) : (null, 1, "the file is empty.");
    }

    /// <summary>The line as a JSON object, or what keeps it from being one.</summary>
    private static (JsonElement Json, string? Fault) Parse(string line)
    {
        JsonElement json;
        try
        {
            using var document = JsonDocument.Parse(line, new JsonDocumentOptions { AllowDuplicateProperties = false, MaxDepth = JsonFile.MaxDepth });
            json = document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            return (default, exception.LineNumber is null ? "it names a member twice."
                : JsonFile.NestsTooDeeply(Encoding.UTF8.GetBytes(line)) ? $"it {JsonFile.TooDeep}."
                : "not valid JSON.");
        }

        return json.ValueKind != JsonValueKind.Object ? (json, "each line must be a JSON object.")
            : !JsonFile.HasWholeText(json) ? (json, $"it {JsonFile.BrokenText} (a lone surrogate escape).")
            : (json, null);
    }

    private static (ImportedMessage? Message, string? Error) Message(JsonElement json, DateTime previous, int maxCharacters, TimeZoneInfo local)
    {
        // SillyTavern shows a null 'mes' as an empty message (messageFormatting), and so it is kept.
        var content = !json.TryGetProperty("mes", out var mes) ? null : mes.ValueKind == JsonValueKind.Null ? "" : Text(mes);
        if (content is null)
        {
            return (null, "'mes' must be the message's text.");
        }

        var (isUser, isSystem) = (Flag(json, "is_user"), Flag(json, "is_system"));
        if (Invalid(content, maxCharacters) is { } invalidText)
        {
            return (null, $"'mes' {invalidText}");
        }

        var sentAt = json.TryGetProperty("send_date", out var sent) ? SillyTavernDates.Read(sent, local) ?? previous : previous;
        var extras = json.TryGetProperty("extra", out var found) && found.ValueKind != JsonValueKind.Null ? found : (JsonElement?)null;
        var extra = extras?.GetRawText();
        var narration = !isUser && extras is { } kinds && SillyTavernLines.IsNarration(kinds);
        var others = SillyTavernMembers.Others(json);
        if (isUser || narration)
        {
            // These have one text in KissChat; SillyTavern's rare user swipes are not kept.
            return (new ImportedMessage(isUser ? ChatRoles.User : ChatRoles.Narrator, content, 0, [], sentAt, extra) { Hidden = isSystem, OtherMembers = others }, null);
        }

        var swipes = new List<ImportedSwipe>();
        if (json.TryGetProperty("swipes", out var swipeTexts) && swipeTexts.ValueKind != JsonValueKind.Null)
        {
            var texts = swipeTexts.ValueKind == JsonValueKind.Array ? swipeTexts.EnumerateArray().Select(Text).ToList() : null;
            if (texts is null || texts.Contains(null))
            {
                return (null, "'swipes' must be an array of texts.");
            }

            var infos = json.TryGetProperty("swipe_info", out var info) && info.ValueKind == JsonValueKind.Array ? info.EnumerateArray().ToList() : [];
            foreach (var (swipe, index) in texts.Select((s, i) => (s!, i)))
            {
                if (Invalid(swipe, maxCharacters) is { } invalidSwipe)
                {
                    return (null, $"swipe {index} {invalidSwipe}");
                }

                var swipeInfo = index < infos.Count && infos[index].ValueKind == JsonValueKind.Object ? infos[index] : (JsonElement?)null;
                var swipeDate = swipeInfo is { } entry && entry.TryGetProperty("send_date", out var date) ? SillyTavernDates.Read(date, local) : null;
                var (keptInfo, swipeReasoning) = swipeInfo is { } kept ? SillyTavernReasoning.TakeFromSwipe(kept) : (null, null);
                if (swipeReasoning is not null && Invalid(swipeReasoning, maxCharacters) is { } invalidSwipeReasoning)
                {
                    return (null, $"swipe {index}'s reasoning {invalidSwipeReasoning}");
                }

                swipes.Add(new ImportedSwipe(swipe, swipeDate ?? sentAt, keptInfo, swipeReasoning));
            }
        }

        var selected = 0;
        if (json.TryGetProperty("swipe_id", out var swipeId) && swipeId.ValueKind != JsonValueKind.Null)
        {
            if (swipeId.ValueKind != JsonValueKind.Number)
            {
                return (null, "'swipe_id' must be the index of one of the message's swipes.");
            }

            // SillyTavern shows 'mes' whatever its swipe_id says: one that names no swipe selects the swipe 'mes' is (or
            // 'mes' as a swipe of its own, below).
            if (!swipeId.TryGetInt32(out selected) || selected < 0 || selected >= Math.Max(1, swipes.Count))
            {
                selected = Math.Max(0, swipes.FindIndex(s => s.Content == content));
            }
        }

        var (keptExtra, reasoning) = SillyTavernReasoning.Take(extras);
        if (reasoning is not null && Invalid(reasoning, maxCharacters) is { } invalidReasoning)
        {
            return (null, $"'extra.reasoning' {invalidReasoning}");
        }

        // The message's text is the selected swipe's, as everywhere in KissChat. SillyTavern keeps them equal, but older
        // versions edited 'mes' alone: then the edit comes in as a swipe of its own, selected, and the swipe stays too.
        // So is the reasoning: the message's (SillyTavern's copy of its selected swipe's), or else its swipe entry's.
        if (swipes.Count == 0 || swipes[selected].Content != content)
        {
            swipes.Add(new ImportedSwipe(content, sentAt, Reasoning: reasoning));
            selected = swipes.Count - 1;
        }
        else if (reasoning is not null)
        {
            swipes[selected] = swipes[selected] with { Reasoning = reasoning };
        }

        return (new ImportedMessage(ChatRoles.Assistant, content, selected, swipes, sentAt, keptExtra)
        {
            Hidden = isSystem, OtherMembers = others, Reasoning = swipes[selected].Reasoning,
        }, null);
    }

    /// <summary>
    /// A message's or swipe's text: a string, or an object whose <c>message</c> is a text that is not empty, as Chub writes
    /// them and SillyTavern's chat import flattens them (<c>flattenChubChat</c>); anything else is null.
    /// </summary>
    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Object when value.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String => message.GetString() is { Length: > 0 } text ? text : null,
        _ => null,
    };

    /// <summary>
    /// The member as SillyTavern's JavaScript takes it: true when truthy. It writes <c>""</c> for a <c>/sys</c> line's
    /// <c>is_system</c> (its bias test, when there is no bias), and other tools write 0 and 1.
    /// </summary>
    private static bool Flag(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind switch
        {
            JsonValueKind.True or JsonValueKind.Object or JsonValueKind.Array => true,
            JsonValueKind.String => value.GetString()!.Length > 0,
            JsonValueKind.Number => value.GetDouble() != 0,
            _ => false,
        };

    private static string? Invalid(string text, int maxCharacters) =>
        text.Length > maxCharacters ? $"is longer than {maxCharacters} characters."
        : text.Contains('\0', StringComparison.Ordinal) ? "must not contain NUL characters."
        : null;
}

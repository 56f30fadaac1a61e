using FastEndpoints;
using KissChat.Characters.Contracts;
using KissChat.Chats.Data;
using KissChat.Chats.ExportChat;
using KissChat.Chats.Groups;
using KissChat.Chats.NewChat;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Files;
using KissChat.Kernel.Http;
using KissChat.Kernel.Text;
using KissChat.Lorebooks.Contracts;
using KissChat.Personas.Contracts;
using Microsoft.AspNetCore.Http.Features;

namespace KissChat.Chats.ImportChat;

/// <summary>
/// Creates a chat from a SillyTavern chat file, attached to a character the user may chat with: every message with its
/// date, swipes and selected swipe, and SillyTavern's <c>chat_metadata</c> and <c>extra</c> kept for the export. The whole
/// file is checked before anything is stored, and stored in one transaction; only when asked are the message lines that
/// cannot be read left out, and named in the answer.
/// </summary>
internal sealed class ImportChatEndpoint(
    CurrentUser me, ICharacterCatalog characters, IPersonas personas, ILorebooks lorebooks, KissChatDbContext db, DatabaseSettings database, ChatsOptions chats, ChatImportOptions options, TimeProvider clock)
    : EndpointWithoutRequest<Results<Created<ImportChatResponse>, ProblemHttpResult>>
{
    private const string CharacterField = "character_id";
    private const string CharacterIdsField = "character_ids";
    private const string TimeZoneField = "time_zone";
    private const string SkipField = "skip_unreadable_lines";

    public override void Configure()
    {
        Post("/import");
        Group<ChatsGroup>();
        Options(b => b.RequireRateLimiting(RateLimits.Imports));
        Description(b => b
            .WithName("ImportChat")
            .Accepts<ImportChatRequest>("multipart/form-data", "*/*")
            .ProducesProblems(400, 403, 404, 413, 415));
        Summary(s =>
        {
            s.Summary = "Import a SillyTavern chat (.jsonl) as a new chat with one of the characters you may chat with, or as a group chat with several.";
            s.Description = "multipart/form-data with the file in 'file' and the character in 'character_id', or a group chat's 2 to 8 characters in 'character_ids' "
                + "(repeated, or separated by commas; each reply's 'name' says which of them said it); up to Chats:Import:MaxFileBytes "
                + "(20 MB unless configured), and the importer's 'time_zone' (IANA, e.g. Europe/Berlin): SillyTavern writes message times in its "
                + "user's local time and reads them back so, and they are read in that zone (UTC when it is left out). A malformed line is a 400 "
                + "naming it (the problem's 'line'), and nothing is stored; unless '" + SkipField + "' is true: then a message line that cannot be "
                + "read is left out, as SillyTavern leaves out a line it cannot parse, and the answer's 'skipped_lines' lists their numbers "
                + "(the first line, the header, must still be readable).";
        });
    }

    public override async Task<Results<Created<ImportChatResponse>, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        if (!HttpContext.Request.HasFormContentType)
        {
            return Problems.Create(StatusCodes.Status415UnsupportedMediaType, $"Send multipart/form-data with the chat file in a '{MultipartForm.FileField}' field and '{CharacterField}'.");
        }

        if (HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            // Room for the form around a file of the largest size; a larger body is a 413 before it is read.
            limit.MaxRequestBodySize = options.MaxFileBytes + (64 * 1024);
        }

        if (await MultipartForm.TryReadAsync(HttpContext.Request, ct) is not { } form)
        {
            return Problems.BadRequest(MultipartForm.NotMultipart);
        }

        if (form.Files.GetFile(MultipartForm.FileField) is not { } upload)
        {
            return Problems.BadRequest($"Attach the SillyTavern chat (.jsonl) in a form field named '{MultipartForm.FileField}'.");
        }

        if (upload.Length > options.MaxFileBytes)
        {
            return Problems.Create(StatusCodes.Status413PayloadTooLarge, $"The chat file is too large: at most {options.MaxFileBytes} bytes.");
        }

        var characterIds = form[CharacterIdsField].SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        var single = Guid.TryParse(form[CharacterField], out var characterId) ? characterId : (Guid?)null;
        var choice = new NewChatRequest(single, characterIds.Count > 0 ? [.. characterIds.Select(id => Guid.TryParse(id, out var parsed) ? parsed : Guid.Empty)] : null);
        if (characterIds.Count == 0 && single is null && !string.IsNullOrEmpty(form[CharacterField]))
        {
            return FieldProblem.BadRequest(CharacterField, $"'{CharacterField}' must be the id of a character you may chat with.");
        }

        if ((await new NewChatValidator().ValidateAsync(choice, ct)).Errors.FirstOrDefault() is { } invalid)
        {
            return FieldProblem.BadRequest(choice.CharacterIds is null ? CharacterField : CharacterIdsField, invalid.ErrorMessage);
        }

        var local = TimeZoneInfo.Utc;
        if (!string.IsNullOrWhiteSpace(form[TimeZoneField]) && !TimeZoneInfo.TryFindSystemTimeZoneById(form[TimeZoneField].ToString().Trim(), out local))
        {
            return FieldProblem.BadRequest(TimeZoneField, $"'{TimeZoneField}' must be a time zone such as Europe/Berlin (an IANA name, as a browser's Intl.DateTimeFormat gives it).");
        }

        var skipUnreadable = false;
        if (!string.IsNullOrWhiteSpace(form[SkipField]) && !bool.TryParse(form[SkipField].ToString().Trim(), out skipUnreadable))
        {
            return FieldProblem.BadRequest(SkipField, $"'{SkipField}' must be true or false.");
        }

        var (members, problem) = await ChatCharacters.FindAsync(characters, choice.CharacterIds ?? [single!.Value], me.Id, ct);
        if (members is null)
        {
            return problem!;
        }

        using var content = new MemoryStream();
        await upload.CopyToAsync(content, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var (imported, line, error) = SillyTavernChatFile.Read(content.ToArray(), chats.MaxMessageCharacters, now, local, skipUnreadable);
        if (imported is null)
        {
            return LineProblem(line, error!);
        }

        var isGroup = choice.CharacterIds is not null;
        var chat = ChatCharacters.AddChat(
            db, me.Id, members, strategy: null, muted: [], imported.CreatedAt ?? imported.Messages.FirstOrDefault()?.SentAt ?? now, now, imported.ChatMetadata);
        if (SillyTavernAuthorNote.Read(imported.ChatMetadata) is var (note, depth, placement))
        {
            (chat.AuthorNote, chat.AuthorNoteDepth, chat.AuthorNotePlacement) = (note, depth, placement);
        }

        // Written as one of the user's personas (by name): the chat goes on as that persona, and its export names it so.
        if (imported.UserName is { Length: > 0 } userName && await personas.FindByNameAsync(userName, me.Id, ct) is { } personaId)
        {
            chat.PersonaId = personaId;
        }

        // SillyTavern's chat lore names a world: one of the user's lorebooks by that name is the chat's.
        if (SillyTavernMetadata.Text(imported.ChatMetadata, SillyTavernMetadata.World) is { } world && await lorebooks.FindByNameAsync(world, me.Id, ct) is { } lorebookId)
        {
            db.Add(new ChatLorebook { ChatId = chat.Id, LorebookId = lorebookId, Position = 0 });
        }

        List<ChatMessage> rows = [];
        List<MessageSwipe> swipes = [];
        foreach (var (message, index) in imported.Messages.Select((m, i) => (m, i)))
        {
            Guid? speaker = null;
            if (isGroup && message.Role == ChatRoles.Assistant)
            {
                speaker = members.FirstOrDefault(m => SameName.As(m.Name, message.Name))?.Id;
                if (speaker is null)
                {
                    return LineProblem(message.Line, $"'{message.Name}' is not one of the chat's characters ({string.Join(", ", members.Select(m => m.Name))}).");
                }
            }

            var row = new ChatMessage
            {
                Id = Guid.CreateVersion7(), ChatId = chat.Id, Seq = index + 1, Role = message.Role, Content = message.Content,
                SwipeIndex = message.SwipeIndex, Extra = message.Extra, CharacterId = speaker, CreatedAt = message.SentAt, Hidden = message.Hidden,
                OtherMembers = message.OtherMembers, Reasoning = message.Reasoning,
            };
            rows.Add(row);
            swipes.AddRange(message.Swipes.Select((swipe, swipeIndex) => new MessageSwipe
            {
                MessageId = row.Id, Index = swipeIndex, Content = swipe.Content, CharacterId = speaker, CreatedAt = swipe.SentAt, SwipeInfo = swipe.SwipeInfo,
                Reasoning = swipe.Reasoning,
            }));
        }

        // One transaction: the chat arrives whole or not at all.
        await using var transaction = await db.BeginWriteAsync(ct);
        await db.SaveChangesAsync(ct);
        await ImportedRows.InsertAsync(db, database.Provider, rows, swipes, ct);
        await transaction.CommitAsync(ct);
        await ImportedRows.AnalyzeIfManyAsync(db, database.Provider, rows.Count + swipes.Count, ct);
        return TypedResults.Created($"/api/v1/chat/{chat.Id}", new ImportChatResponse(chat.Id, imported.SkippedLines));
    }

    private static ProblemHttpResult LineProblem(int line, string error) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, detail: $"Line {line}: {error}", extensions: new Dictionary<string, object?> { ["line"] = line });
}

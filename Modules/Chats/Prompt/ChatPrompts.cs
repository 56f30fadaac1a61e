using KissChat.Characters.Contracts;
using KissChat.Chats.Data;
using KissChat.Chats.ExportChat;
using KissChat.Chats.Groups;
using KissChat.Chats.Memory;
using KissChat.Inference.Contracts;
using KissChat.Kernel.Database;
using KissChat.Kernel.Text;
using KissChat.Lorebooks.Contracts;
using KissChat.Personas.Contracts;
using KissChat.Presets.Contracts;
using KissChat.Users.Contracts;
using Microsoft.EntityFrameworkCore;
using ChatMessage = KissChat.Chats.Data.ChatMessage;

namespace KissChat.Chats.Prompt;

/// <param name="UntilSeq">The last message the prompt may include (a regeneration stops before the message it replaces).</param>
/// <param name="Overrides">The request's own generation settings, over the chat's.</param>
/// <param name="Pending">A message about to be sent, for a preview: it is answered as if it were the newest.</param>
/// <param name="HideDefinition">For a preview the user may not see the character's definition of: see <see cref="PromptInputs.HideDefinition"/>.</param>
/// <param name="Speaker">In a group chat, the character who speaks: the prompt is built for it (see <see cref="GroupPrompt"/>).</param>
/// <param name="Impersonation">The model is asked for the user's next message instead (see <see cref="PromptInputs.Impersonation"/>).</param>
/// <param name="Regenerate">The reply is a new swipe of the last one.</param>
internal sealed record PromptRequest(
    Guid ChatId, Guid UserId, int UntilSeq = int.MaxValue, GenerationSettings? Overrides = null, bool Continue = false, string? Pending = null, bool HideDefinition = false,
    Guid? Speaker = null, Impersonation? Impersonation = null, bool Regenerate = false);

/// <summary>What a prompt reads of its chat first.</summary>
/// <param name="BookIds">The chat's own lorebooks, in their order.</param>
/// <param name="Summary">The chat's running summary, if it has one.</param>
/// <param name="LastSeq">The position of the chat's last message, 0 when it has none.</param>
internal sealed record ChatForPrompt(Chat Chat, List<Guid> BookIds, string? Summary, int LastSeq);

/// <summary>
/// Builds a chat's prompt for this turn from the character as it is now (or its pinned copy), the chat's persona, lore,
/// author's note, settings and history. The reply handler sends what this builds, and <c>GET chat/{id}/prompt</c> shows it.
/// </summary>
internal sealed class ChatPrompts(
    KissChatDbContext db,
    ICharacterCatalog characters,
    IPersonas personas,
    ILorebooks lorebooks,
    IPresets presets,
    IUserProfiles profiles,
    InferenceOptions inference,
    ITokenCounter counter,
    ChatsOptions options,
    MemoryOptions memory,
    TimeProvider clock)
{
    // The chat with its lorebooks, its summary and the position of its last message in one query: every reply starts with them.
    private static readonly CompiledQuery<Func<KissChatDbContext, Guid, CancellationToken, Task<ChatForPrompt?>>> ChatWithLore =
        new(() => EF.CompileAsyncQuery((KissChatDbContext db, Guid chatId, CancellationToken _) =>
            db.Set<Chat>().AsNoTracking()
                .Where(c => c.Id == chatId)
                .Select(c => new ChatForPrompt(
                    c,
                    db.Set<ChatLorebook>().Where(l => l.ChatId == c.Id).OrderBy(l => l.Position).Select(l => l.LorebookId).ToList(),
                    db.Set<ChatMemory>().Where(m => m.ChatId == c.Id && m.Summary != string.Empty).Select(m => m.Summary).FirstOrDefault(),
                    db.Set<ChatMessage>().Where(m => m.ChatId == c.Id).Max(m => (int?)m.Seq) ?? 0))
                .FirstOrDefault()));

    // Not in the query above: SQLite would carry a pinned copy of hundreds of kilobytes through the temporary table it
    // joins and sorts the lorebooks in.
    private static readonly CompiledQuery<Func<KissChatDbContext, Guid, CancellationToken, Task<CharacterCard?>>> PinnedCopy =
        new(() => EF.CompileAsyncQuery((KissChatDbContext db, Guid chatId, CancellationToken _) =>
            db.Set<ChatPin>().Where(p => p.ChatId == chatId).Select(p => p.Card).FirstOrDefault()));

    private static readonly CompiledQuery<Func<KissChatDbContext, Guid, Guid, CancellationToken, Task<CharacterCard?>>> MemberCopy =
        new(() => EF.CompileAsyncQuery((KissChatDbContext db, Guid chatId, Guid characterId, CancellationToken _) =>
            db.Set<ChatMemberPin>().Where(p => p.ChatId == chatId && p.CharacterId == characterId).Select(p => p.Card).FirstOrDefault()));

    // Only the columns a prompt uses: a reply reads up to Chats:HistoryLoadLimit messages, and each column left out is
    // one value fewer to read and convert per message (on SQLite a GUID is parsed from text).
    private static readonly CompiledQuery<Func<KissChatDbContext, Guid, int, int, IAsyncEnumerable<HistoryMessage>>> Newest =
        new(() => EF.CompileAsyncQuery((KissChatDbContext db, Guid chatId, int untilSeq, int count) =>
            db.Set<ChatMessage>().Where(m => m.ChatId == chatId && m.Seq <= untilSeq).OrderByDescending(m => m.Seq).Take(count)
                .Select(m => new HistoryMessage(m.Role, m.Content, m.CreatedAt, m.CharacterId, m.Seq, m.Hidden))));

    // Older than a read of the newest that hidden messages filled: only what a prompt may send.
    private static readonly CompiledQuery<Func<KissChatDbContext, Guid, int, int, IAsyncEnumerable<HistoryMessage>>> OlderInPrompt =
        new(() => EF.CompileAsyncQuery((KissChatDbContext db, Guid chatId, int beforeSeq, int count) =>
            db.Set<ChatMessage>().Where(m => m.ChatId == chatId && m.Seq < beforeSeq).Where(ModelHistory.Includes).OrderByDescending(m => m.Seq).Take(count)
                .Select(m => new HistoryMessage(m.Role, m.Content, m.CreatedAt, m.CharacterId, m.Seq, m.Hidden))));

    // A chat longer than what its prompt reads: its first two messages (a stored opening, a greeting) and its size.
    private static readonly CompiledQuery<Func<KissChatDbContext, Guid, int, IAsyncEnumerable<HistoryMessage>>> Opening =
        new(() => EF.CompileAsyncQuery((KissChatDbContext db, Guid chatId, int untilSeq) =>
            db.Set<ChatMessage>().Where(m => m.ChatId == chatId && m.Seq <= untilSeq).OrderBy(m => m.Seq).Take(2)
                .Select(m => new HistoryMessage(m.Role, m.Content, m.CreatedAt, m.CharacterId, m.Seq, m.Hidden))));

    private static readonly CompiledQuery<Func<KissChatDbContext, Guid, int, CancellationToken, Task<int>>> Prompted =
        new(() => EF.CompileAsyncQuery((KissChatDbContext db, Guid chatId, int untilSeq, CancellationToken _) =>
            db.Set<ChatMessage>().Where(m => m.ChatId == chatId && m.Seq <= untilSeq).Count(ModelHistory.Includes)));

    // Hidden ones too: SillyTavern counts every message its user wrote to time an author's note's interval.
    private static readonly CompiledQuery<Func<KissChatDbContext, Guid, int, CancellationToken, Task<int>>> UserMessages =
        new(() => EF.CompileAsyncQuery((KissChatDbContext db, Guid chatId, int untilSeq, CancellationToken _) =>
            db.Set<ChatMessage>().Count(m => m.ChatId == chatId && m.Seq <= untilSeq && m.Role == ChatRoles.User)));

    /// <summary>What a prompt reads of its chat first, whoever owns it; a reply's start reads it so, and its prompt need not again.</summary>
    public static Task<ChatForPrompt?> ReadChatAsync(KissChatDbContext db, Guid chatId, CancellationToken cancellationToken) =>
        ChatWithLore.For(db)(db, chatId, cancellationToken);

    /// <summary>Null when the chat is not the user's (or is gone).</summary>
    /// <param name="chatRead">The chat as the caller read it with <see cref="ReadChatAsync"/>, if it did.</param>
    public async Task<BuiltPrompt?> BuildAsync(PromptRequest request, CancellationToken cancellationToken, ChatForPrompt? chatRead = null)
    {
        // Read on one connection, assembled after it is back in the pool.
        if (await db.OnOneConnectionAsync(() => ReadAsync(request, chatRead, cancellationToken), cancellationToken) is not { } read)
        {
            return null;
        }

        var built = PromptAssembly.Build(read.Inputs, read.Counted, options.Lore);
        // The chat's messages are kept only when the prompt sends every one of them anyway: a reply holds no more text
        // while it streams than it sent.
        return built with { Read = built.OmittedMessages == 0 ? read.Messages : read.Messages with { Whole = null } };
    }

    private async Task<PromptRead?> ReadAsync(PromptRequest request, ChatForPrompt? chatRead, CancellationToken cancellationToken)
    {
        var found = chatRead ?? await ReadChatAsync(db, request.ChatId, cancellationToken);
        if (found is not { Chat: var chat } || chat.UserId != request.UserId)
        {
            return null;
        }

        var group = chat.GroupStrategy is not null && request.Speaker is { } speaker ? await GroupPrompt.LoadAsync(db, characters, chat.Id, speaker, cancellationToken) : null;
        var pinned = chat.PinnedAt is null ? null : await PinnedCopy.For(db)(db, chat.Id, cancellationToken);
        var card = pinned ?? ((request.Speaker ?? chat.CharacterId) is { } characterId ? await characters.CardForChatAsync(characterId, request.UserId, cancellationToken) : null);
        // A member the user may no longer read speaks from its copy, made when its author withdrew it.
        card ??= group is not null ? await MemberCopy.For(db)(db, chat.Id, group.Speaker, cancellationToken) : null;
        // SillyTavern's Scenario Override is the chat's scenario, wherever the card's would be (its {{scenario}}, the lore
        // scanning it), and a group chat's for whichever member speaks.
        if (card is not null && SillyTavernMetadata.Text(chat.ChatMetadata, SillyTavernMetadata.Scenario) is { } scenario)
        {
            card = card with { Scenario = scenario };
        }

        var persona = await personas.ForChatAsync(chat.PersonaId, request.UserId, cancellationToken);
        var userName = await PromptUserName.OfAsync(persona, profiles, request.UserId, cancellationToken);
        var chatBooks = await lorebooks.FindAsync(found.BookIds, request.UserId, cancellationToken);
        // As in SillyTavern, the character's own book is read once when the chat has it too (a world imported with the card).
        List<LoreBook> books = [.. card?.Book is { } own && !chatBooks.Any(b => SameName.As(b.Name, own.Name)) ? [own] : Array.Empty<LoreBook>(), .. chatBooks];
        var settings = inference.Complete((request.Overrides ?? new GenerationSettings()).Over(await ChatSettingsAsync(chat, cancellationToken)));
        var budget = inference.ContextBudgetFor(settings.Model!);
        // Each text is counted once per prompt, though the history is read and fitted in steps.
        var counted = new PromptTokenCounts(counter);
        // An entry may scan deeper than its book (SillyTavern's own scanDepth): the history read reaches the deepest.
        var scanned = books.Count == 0 ? 0 : books.Max(b => b.Entries.Select(e => SillyTavernEntry.Of(e).ScanDepth).Append(b.ScanDepth ?? options.Lore.ScanDepth).Max() ?? 0);
        var now = clock.GetUtcNow();
        var pending = request.Pending is { } text ? new HistoryMessage(ChatRoles.User, text, now.UtcDateTime) : null;
        // Messages stored after the chat was read are not part of it (the start's own message, for a prompt read ahead of its reply).
        var untilSeq = Math.Min(request.UntilSeq, found.LastSeq);
        var (history, storedOpening, older, read) = await HistoryAsync(chat.Id, untilSeq, pending, budget, scanned, counted, cancellationToken);
        // A reply without text, left out of the history, has nothing to extend: continuing it writes it as a reply is
        // written, where the continue instruction would have the model extend the message before it.
        var continuing = request.Continue && history.Count > 0 && history[^1].Seq == read.NewestSeq;
        var notePlacement = chat.AuthorNotePlacement ?? AuthorNotePlacement.Default;
        // Counted only for a chat whose note skips turns: most go in at every one.
        var noteDue = notePlacement.Interval is 0 or 1
            ? notePlacement.IsDue(0)
            : notePlacement.IsDue(await UserMessages.For(db)(db, chat.Id, untilSeq, cancellationToken) + (pending is null ? 0 : 1));
        var impersonating = request.Impersonation is not null;
        history = group?.Label(history, everyone: impersonating) ?? history;

        var inputs = new PromptInputs(
            card?.Name ?? group?.SpeakerName ?? chat.Title,
            card,
            storedOpening,
            userName,
            persona?.Description,
            books,
            history,
            older,
            chat.AuthorNote,
            chat.AuthorNoteDepth,
            settings,
            budget,
            continuing,
            now,
            Seed(chat.Id, older + history.Count),
            request.HideDefinition,
            impersonating ? group?.ImpersonationNote : group?.Note,
            Summary(found.Summary),
            request.Impersonation,
            group?.MemberNames,
            ChatSeed(chat.Id),
            request.Regenerate,
            chat.LoreTimers,
            ChatVariables.Of(chat.ChatMetadata),
            notePlacement,
            noteDue,
            persona);
        return new PromptRead(inputs, counted, read);
    }

    /// <summary>The chat's running summary in its template, when memory is on and there is one.</summary>
    private string? Summary(string? summary) =>
        memory.Enabled && summary is not null ? memory.Template.Replace(MemoryOptions.SummaryMacro, summary, StringComparison.Ordinal) : null;

    /// <summary>The chat's own settings over its preset's.</summary>
    private async Task<GenerationSettings?> ChatSettingsAsync(Chat chat, CancellationToken cancellationToken)
    {
        var preset = chat.Settings?.PresetId is { } presetId ? await presets.FindAsync(presetId, chat.UserId, cancellationToken) : null;
        return chat.Settings?.Over(preset) ?? preset;
    }

    /// <summary>
    /// The opening greeting and the newest messages, as many as fill <paramref name="budget"/> (which the rest of the
    /// prompt only shrinks) and at most <c>Chats:HistoryLoadLimit</c> of them: a long chat is never read whole on every turn.
    /// They are read newest first by one query, counted as they come, and the reading stops once they alone are over the
    /// budget and the lorebooks' <paramref name="scanned"/> newest messages are in. A stored system opening, hidden
    /// messages and ones without text are taken out of the history (<see cref="ModelHistory"/>; but not out of what was read,
    /// which the reply's <c>chatHistory</c> shows); when such ones filled the read, a second query reads on among the
    /// messages the prompt may send.
    /// </summary>
    /// <param name="pending">
    /// A user message not stored yet: it comes first and counts as the stored message would, at the chat's next position,
    /// so the prompt, what it leaves out and the messages it read are those of the chat once the message is stored.
    /// </param>
    private async Task<(List<HistoryMessage> History, string? StoredOpening, int Older, MessagesRead Read)> HistoryAsync(
        Guid chatId, int untilSeq, HistoryMessage? pending, int budget, int scanned, ITokenCounter counter, CancellationToken cancellationToken)
    {
        var recent = pending is null ? new List<HistoryMessage>() : [pending];
        var tokens = pending is null ? 0 : counter.Count(pending.Content);
        var visible = recent.Count;
        // Whether older messages remain is not asked once reading stops early: the opening and the size are read below as for a longer chat.
        var whole = true;
        bool Take(HistoryMessage message)
        {
            recent.Add(message);
            var counted = ModelHistory.Sends(message);
            tokens += counted ? counter.Count(message.Content) : 0;
            visible += counted ? 1 : 0;
            return (tokens <= budget || visible < scanned) && visible < options.HistoryLoadLimit;
        }

        await foreach (var message in Newest.For(db)(db, chatId, untilSeq, options.HistoryLoadLimit).WithCancellation(cancellationToken))
        {
            if (!Take(message) || recent.Count == options.HistoryLoadLimit)
            {
                whole = false;
                break;
            }
        }

        // Hidden messages took the places of ones the prompt has room for: read on among the older ones it may send.
        if (!whole && visible < options.HistoryLoadLimit && (tokens <= budget || visible < scanned))
        {
            await foreach (var message in OlderInPrompt.For(db)(db, chatId, recent[^1].Seq, options.HistoryLoadLimit - visible).WithCancellation(cancellationToken))
            {
                if (!Take(message))
                {
                    break;
                }
            }
        }

        if (pending is not null)
        {
            recent[0] = pending with { Seq = (recent.Count > 1 ? recent[1].Seq : 0) + 1 };
        }

        // A pending message can be among the first two only as the user's first, which neither opens the chat nor greets.
        var opening = whole ? recent.OrderBy(m => m.Seq).Take(2).ToList() : await Opening.For(db)(db, chatId, untilSeq).ToListAsync(cancellationToken);
        var storedOpening = opening.FirstOrDefault(m => m.Role == ChatRoles.System)?.Content;
        var greeting = opening.FirstOrDefault(m => m.Role != ChatRoles.System) is { Role: ChatRoles.Assistant } first ? first : null;
        var loaded = recent.Concat(greeting is null ? [] : [greeting])
            .Where(ModelHistory.Sends)
            .DistinctBy(m => m.Seq)
            .OrderBy(m => m.Seq)
            .ToList();
        var total = whole ? loaded.Count : await Prompted.For(db)(db, chatId, untilSeq, cancellationToken) + (pending is null ? 0 : 1);
        var read = new MessagesRead(recent.Count > 0 ? recent[0].Seq : 0, whole ? [.. Enumerable.Reverse(recent).Select(m => new HistoryEntry(m.Role, m.Content))] : null);
        return (loaded, storedOpening, total - loaded.Count, read);
    }

    /// <summary>The same for a preview and the reply that follows it (the chat and how many messages it has), on any instance.</summary>
    private static int Seed(Guid chatId, int messages) => ChatSeed(chatId) ^ (messages * 7919);

    /// <summary>The same at every turn of a chat (<see cref="MacroContext.PickSeed"/>), and for its greetings.</summary>
    public static int ChatSeed(Guid chatId) => BitConverter.ToInt32(chatId.ToByteArray(), 12);

    private sealed record PromptRead(PromptInputs Inputs, PromptTokenCounts Counted, MessagesRead Messages);
}

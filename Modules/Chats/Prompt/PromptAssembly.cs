using KissChat.Chats.Data;
using KissChat.Inference.Contracts;
using KissChat.Lorebooks.Contracts;
using KissChat.Personas.Contracts;
using Microsoft.Extensions.AI;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace KissChat.Chats.Prompt;

/// <summary>
/// Puts a turn's prompt together, in SillyTavern's order: one system message (main prompt, lore before the character,
/// persona, character, lore after it, example dialogues), the history with the author's note and lore inserted at
/// their depths, then the post-history instructions. Over the budget, example dialogues go first (the last one first),
/// then the oldest turns; the system message, the greeting and the message being answered always stay. The chat's
/// running summary takes the place of the turns left out.
/// </summary>
internal static class PromptAssembly
{
    /// <summary>The framing a character's <c>system_prompt</c> replaces (and may include as <c>{{original}}</c>).</summary>
    public const string DefaultMain =
        "You are {{char}}, a character in a role-play with {{user}}. Stay in character as {{char}} for the whole conversation: "
        + "speak, think and act as they would, shaped by everything below.";

    public const string ContinueInstruction = "Continue your last message from exactly where it ends. Do not repeat any of it.";

    public const string ImpersonationInstruction =
        "Write {{user}}'s next message in this chat, as {{user}} would write it: in their voice and their usual length, "
        + "following how {{user}} has written so far. Write only what {{user}} says and does; never write for {{char}}, "
        + "and do not describe what {{char}} does. Answer with the message alone.";

    private const string Original = "{{original}}";

    /// <summary>The parts made of the character's definition alone.</summary>
    private static readonly HashSet<string> DefinitionParts = new(["system", "character", "examples", "character_note", "post_history"], StringComparer.Ordinal);

    /// <summary>
    /// A message being continued, as SillyTavern's chat completion sends it (its <c>continue_postfix</c>, a space by
    /// default): ending in a space, so that the model goes on with the next word.
    /// </summary>
    public static string ForContinuation(string message) => message.EndsWith(' ') ? message : message + ' ';

    /// <summary>
    /// A continued message and what the model added to it, joined by that space (SillyTavern's postfix), unless either
    /// side already has white space there: SillyTavern's own join then doubles it.
    /// </summary>
    public static string Continued(string message, string added) =>
        message.Length == 0 || added.Length == 0 || char.IsWhiteSpace(message[^1]) || char.IsWhiteSpace(added[0]) ? message + added : $"{message} {added}";

    /// <summary>
    /// <c>{{idle_duration}}</c>'s time, as SillyTavern measures it: since the user's message before the newest message,
    /// hidden ones passed over; null when there is none.
    /// </summary>
    internal static TimeSpan? IdleSince(IReadOnlyList<HistoryMessage> history, DateTimeOffset now)
    {
        var newestPassed = false;
        for (var i = history.Count - 1; i >= 0; i--)
        {
            if (history[i].Hidden)
            {
                continue;
            }

            if (newestPassed && history[i].Role == ChatRoles.User)
            {
                return now.UtcDateTime - history[i].CreatedAt;
            }

            newestPassed = true;
        }

        return null;
    }

    /// <summary>
    /// The user's message a reply answers, its macros filled as SillyTavern fills a message once, as it is sent, and stores
    /// it (<c>{{roll}}</c> drawn and <c>{{addvar}}</c> added once, not again at every turn; <c>{{lastMessage}}</c> the one
    /// before it); null when there is nothing to fill. The reply stores it so (<see cref="BuiltPrompt.AnsweredAtSend"/>).
    /// </summary>
    private static HistoryMessage? FilledAtSend(PromptInputs inputs, MacroContext macros)
    {
        if (inputs.Continue || inputs.Impersonation is not null || inputs.History is not [.., { Role: ChatRoles.User } last] || !Macros.MayHave(last.Content))
        {
            return null;
        }

        var filled = Macros.Fill(last.Content, macros with { History = [.. inputs.History.SkipLast(1)] });
        return filled == last.Content ? null : last with { Content = filled };
    }

    /// <summary>SillyTavern's name for narration (<c>/sys</c>) when a chat gives it none.</summary>
    private const string Narrator = "System";

    public static BuiltPrompt Build(PromptInputs inputs, ITokenCounter counter, LoreOptions loreOptions)
    {
        // For a user who may not see the definition (someone else's character that hides it), nothing that may be stored
        // and read back holds it: their own texts (messages, note, persona, their lore, summary) and the card's scripts are
        // filled without it, and what the card's own texts (its book too) set is not kept (their macros may draw the user's
        // texts, a persona's name through {{user}}, into the definition's and write that to a variable).
        var definitionHidden = inputs.HideDefinition || inputs.Card?.DefinitionHidden == true;
        var macros = new MacroContext(inputs.CharacterName, inputs.UserName, inputs.PersonaDescription, inputs.Now, IdleSince(inputs.History, inputs.Now), new Random(inputs.Seed))
        {
            // A preview must not show a hidden definition through macros in the user's own texts (an author's note, lore).
            Card = inputs.HideDefinition ? null : inputs.Card,
            Group = inputs.GroupMembers,
            History = inputs.History,
            Model = inputs.Settings.Model,
            MaxPrompt = inputs.Budget,
            PickSeed = inputs.ChatSeed,
            Variables = definitionHidden ? inputs.Variables?.Copy() : inputs.Variables,
            // One bound for the whole prompt: every message of a long history is filled too.
            Room = new MacroRoom(),
        };
        string Fill(string text) => Macros.Fill(text, macros);
        string? FillOrNull(string? text) => string.IsNullOrWhiteSpace(text) ? null : Fill(text.Trim());
        // Outlets too: the card's own lore is part of the definition, and a user's {{outlet::…}} would draw it out.
        IReadOnlyDictionary<string, string>? ownOutlets = null;
        MacroContext OwnOf(MacroContext context) => definitionHidden ? context with { Card = null, Variables = inputs.Variables, Outlets = ownOutlets } : context;
        // Made again only when the context changes, not for each message of the history.
        var (ownFor, ownMacros) = (macros, OwnOf(macros));
        string FillOwn(string text)
        {
            if (!ReferenceEquals(ownFor, macros))
            {
                (ownFor, ownMacros) = (macros, OwnOf(macros));
            }

            return Macros.Fill(text, ownMacros);
        }

        string? FillOwnOrNull(string? text) => string.IsNullOrWhiteSpace(text) ? null : FillOwn(text.Trim());
        // Before anything else is filled, as SillyTavern fills it at its sending, before the prompt is made.
        var answered = FilledAtSend(inputs, ownMacros);
        if (answered is not null)
        {
            inputs = inputs with { History = [.. inputs.History.SkipLast(1), answered] };
            macros = macros with { History = inputs.History };
        }

        var card = inputs.Card;
        var trigger = inputs.Impersonation is not null ? LoreTurn.Impersonate : inputs.Continue ? LoreTurn.Continue : inputs.Regenerate ? LoreTurn.Swipe : LoreTurn.Normal;
        var length = inputs.OlderMessages + inputs.History.Count;
        // A preview that hides the definition leaves the card's own book out: what it adds, however blank its text, would
        // change the counts and places the reader sees, and so tell which of their words are its keys.
        IReadOnlyList<LoreBook> books = inputs.HideDefinition && card?.Book is { } cardBook ? [.. inputs.Books.Where(b => !ReferenceEquals(b, cardBook))] : inputs.Books;
        var timed = TimedLore.At(inputs.LoreTimers, books, length);
        // A user who may not see the definition must not learn, by what fires, which words it has.
        var scanned = definitionHidden && card is not null ? card with { Description = null, Personality = null, Scenario = null, Note = null } : card;
        var scripts = CharacterRegex.For(card, FillOwn);
        // The card's own book is part of its definition, filled as its other texts are; the user's books as the user's texts.
        string FillLore(LoreBook book, string text) => ReferenceEquals(book, card?.Book) ? Fill(text) : FillOwn(text);
        var lore = LoreActivation.Activate(
            // Named only when there is a book to scan: most chats have none, and a long history would be copied at every turn.
            books, books.Count == 0 ? [] : [.. inputs.History.Select(h => Named(h, inputs))], FillLore, counter, loreOptions, inputs.Seed, new LoreTurn(trigger, length, new LoreSources(inputs.PersonaDescription, scanned), new LoreCharacter(inputs.CharacterName, card?.Tags)), timed).ToList();
        // The character's scripts act on the lore as it goes in, once what fires and fits is decided (as SillyTavern's do);
        // their depth limits judge only lore placed at a depth of its own (not lore around the author's note), as there.
        lore = scripts is null ? lore : [.. lore.Select(l => l with { Content = scripts.InPrompt(l.Content, CharacterRegex.WorldInfo, l.AroundNote is null ? l.Depth : null) })];
        var included = lore.Where(l => l.Included).ToList();
        // Filled after the lore is read: an outlet entry's content goes where the rest of the prompt asks for it by name.
        ownOutlets = definitionHidden ? Outlets(included.Where(l => !FromCard(l))) : null;
        macros = macros with { Outlets = Outlets(included) };
        var main = card is null && inputs.StoredOpening is { } opening
            ? opening
            : Fill(card?.SystemPrompt is { } own && !string.IsNullOrWhiteSpace(own) ? own.Replace(Original, DefaultMain, StringComparison.OrdinalIgnoreCase) : DefaultMain);
        var character = Join("\n\n",
            FillOrNull(card?.Description),
            FillOrNull(card?.Personality) is { } personality ? $"Personality:\n{personality}" : null,
            FillOrNull(card?.Scenario) is { } scenario ? $"Scenario:\n{scenario}" : null);
        // Where its persona puts it, as SillyTavern's persona management does: in the system prompt, around the author's
        // note (on the note's turns), at a depth, or nowhere.
        var personaText = FillOwnOrNull(inputs.PersonaDescription);
        var personaPosition = inputs.Persona?.DescriptionPosition ?? PersonaPositions.InPrompt;
        string? PersonaAt(string position) => personaPosition == position ? personaText : null;
        var persona = PersonaAt(PersonaPositions.InPrompt) is { } description ? $"About {inputs.UserName}:\n{description}" : null;
        var loreBefore = Join("\n", [.. included.Where(l => l.Position == LorePositions.BeforeCharacter).Select(l => l.Content)]);
        var loreAfter = Join("\n", [.. included.Where(l => l.Position == LorePositions.AfterCharacter).Select(l => l.Content)]);
        var examples = ExampleDialogues.Split(FillOrNull(card?.MesExample));
        var groupNote = FillOrNull(inputs.GroupNote);

        // What is made from the character's definition, for a preview that must not show it (same name and entry id as
        // the card's own book: a user's book that matches both is hidden too, on the safe side).
        bool FromCard(FiredLore l) => card?.Book is { } own && l.Book == own.Name && own.Entries.Any(e => e.Id == l.EntryId);
        // What a preview that hides the definition shows in place of a message made from it, wholly or in part.
        var withoutDefinition = new Dictionary<AiChatMessage, string>(ReferenceEqualityComparer.Instance);
        List<DepthInsertion> atDepth = [.. included.Where(l => l.Position == LorePositions.AtDepth && l.AroundNote is null)
            .Select(l => new DepthInsertion(l.Depth!.Value, l.Role, DepthSource.Lore, l.Content, FromCard(l)))];
        // SillyTavern puts the lore of its positions 2 and 3 around the author's note, in one message where the note goes,
        // and neither on a turn its interval skips.
        var authorNote = inputs.NoteDue ? FillOwnOrNull(inputs.AuthorNote) : null;
        var aroundNote = inputs.NoteDue ? included.Where(l => l.AroundNote is not null).ToList() : [];
        var personaAroundNote = inputs.NoteDue ? (Top: PersonaAt(PersonaPositions.TopOfNote), Bottom: PersonaAt(PersonaPositions.BottomOfNote)) : default;
        var noteWithLore = Join("\n", [
            .. aroundNote.Where(l => l.AroundNote == NoteSide.Before).Select(l => l.Content),
            personaAroundNote.Top,
            authorNote,
            personaAroundNote.Bottom,
            .. aroundNote.Where(l => l.AroundNote == NoteSide.After).Select(l => l.Content)]);
        if (PersonaAt(PersonaPositions.AtDepth) is { } personaAtDepth)
        {
            atDepth.Add(new(inputs.Persona!.DescriptionDepth, inputs.Persona.DescriptionRole, DepthSource.Persona, personaAtDepth, Definition: false));
        }

        var notePlacement = inputs.NotePlacement ?? AuthorNotePlacement.Default;
        var placedNote = NotePlaced.Of(noteWithLore, notePlacement);
        if (placedNote.AtDepth is { } noteAtDepth)
        {
            atDepth.Add(new(inputs.AuthorNoteDepth, notePlacement.Role, DepthSource.AuthorNote, noteAtDepth, Definition: aroundNote.Any(FromCard)));
        }
        else if (placedNote.Beside is { } beside && aroundNote.Any(FromCard))
        {
            withoutDefinition[beside] = string.Empty;
        }

        string SystemText(int keptExamples) => Join("\n\n",
            placedNote.BeforeMain, main, placedNote.AfterMain, loreBefore, persona, character, loreAfter, groupNote,
            keptExamples == 0 ? null : $"Example dialogue:\n{string.Join('\n', examples.Take(keptExamples))}")!;

        string? characterNote = null;
        if (card?.Note is { } note && FillOrNull(note.Prompt) is { } filled)
        {
            characterNote = filled;
            atDepth.Add(new(note.Depth, note.Role, DepthSource.CharacterNote, filled, Definition: true));
        }

        var depthMessages = DepthInsertions.Merge(atDepth);
        foreach (var depthMessage in depthMessages.Where(d => d.WithoutDefinition is not null))
        {
            withoutDefinition[depthMessage.Message] = depthMessage.WithoutDefinition!;
        }

        var postHistory = FillOrNull(card?.PostHistoryInstructions);
        List<AiChatMessage> tail = [];
        if (postHistory is not null)
        {
            tail.Add(new AiChatMessage(ChatRole.System, postHistory));
            withoutDefinition[tail[^1]] = string.Empty;
        }

        if (inputs.Continue)
        {
            tail.Add(new AiChatMessage(ChatRole.System, ContinueInstruction));
        }

        var impersonation = inputs.Impersonation is { } asked ? Join("\n\n", Fill(ImpersonationInstruction), FillOwnOrNull(asked.Direction)) : null;
        if (impersonation is not null)
        {
            tail.Add(new AiChatMessage(ChatRole.System, impersonation));
        }

        int Tokens(AiChatMessage message) => ContextWindow.Tokens(message, counter);
        // A message's macros are filled as it goes in, as SillyTavern fills each message of the history it sends.
        string Sent(HistoryMessage message, int depth)
        {
            var text = FillOwn(scripts?.InPrompt(message.Content, message.Role == ChatRoles.User ? CharacterRegex.UserInput : CharacterRegex.ModelOutput, depth) ?? message.Content);
            return inputs.Continue && depth == 0 ? ForContinuation(text) : text;
        }

        var history = inputs.History.Select((h, i) => new AiChatMessage(h.Role == ChatRoles.Narrator ? ChatRole.System : new ChatRole(h.Role), Sent(h, inputs.History.Count - 1 - i))).ToList();
        var available = Math.Max(1, inputs.Budget - tail.Concat(depthMessages.Select(d => d.Message)).Concat(Present(placedNote.Beside)).Sum(Tokens));
        // Only compared with what is available, so counted from the newest back until it is over: a long chat's older
        // messages, which cannot fit, are never counted.
        var historyTokens = 0;
        for (var i = history.Count - 1; i >= 0 && historyTokens <= available; i--)
        {
            historyTokens += Tokens(history[i]);
        }

        var keptExamples = examples.Count;
        while (keptExamples > 0 && Tokens(new AiChatMessage(ChatRole.System, SystemText(keptExamples))) + historyTokens > available)
        {
            keptExamples--;
        }

        var (fitted, summary) = RunningSummary.Fit(
            [new AiChatMessage(ChatRole.System, SystemText(keptExamples)), .. history], inputs.OlderMessages, FillOwnOrNull(inputs.Summary), available, counter);
        var kept = DepthInsertions.Into([.. fitted.Skip(1)], depthMessages);

        var system = AroundMain(fitted[0], main, placedNote.AfterSystem);
        List<AiChatMessage> messages = [.. Present(placedNote.BeforeSystem), .. system, .. kept, .. tail];
        // The system message holds the character's instruction, description and examples (or a chat's stored opening).
        foreach (var message in system.Where(m => m != placedNote.AfterSystem))
        {
            withoutDefinition[message] = string.Empty;
        }

        int Count(string? text) => text is null ? 0 : counter.Count(text);
        PromptPart[] parts =
        [
            new("system", Count(main)),
            new("character", Count(character)),
            new("persona", Count(persona ?? personaAroundNote.Top ?? personaAroundNote.Bottom ?? PersonaAt(PersonaPositions.AtDepth))),
            new("lore", included.Sum(l => l.Tokens)),
            new("examples", keptExamples == 0 ? 0 : Count($"Example dialogue:\n{string.Join('\n', examples.Take(keptExamples))}")),
            .. summary is null ? Array.Empty<PromptPart>() : [new PromptPart("summary", Count(summary.Text))],
            new("history", fitted.Skip(1).Where(m => m != summary).Sum(m => Count(m.Text))),
            new("author_note", Count(authorNote)),
            .. characterNote is null ? Array.Empty<PromptPart>() : [new PromptPart("character_note", Count(characterNote))],
            new("post_history", Count(postHistory)),
            .. groupNote is null ? Array.Empty<PromptPart>() : [new PromptPart("group", Count(groupNote))],
            .. inputs.Continue ? [new PromptPart("continue", Count(ContinueInstruction))] : Array.Empty<PromptPart>(),
            .. impersonation is null ? Array.Empty<PromptPart>() : [new PromptPart("impersonation", Count(impersonation))],
        ];
        return new BuiltPrompt(
            inputs.HideDefinition ? [.. messages.Select(m => withoutDefinition.TryGetValue(m, out var shown) ? new AiChatMessage(m.Role, shown) : m)] : messages,
            inputs.Settings,
            inputs.HideDefinition ? DefinitionMerged(parts) : parts,
            messages.Sum(Tokens),
            inputs.Budget,
            inputs.HideDefinition ? [.. lore.Where(l => !FromCard(l))] : lore,
            inputs.OlderMessages + history.Count - (fitted.Count - (summary is null ? 1 : 2)),
            // How many hidden examples did not fit would tell, prompt by prompt, how long each is.
            inputs.HideDefinition ? 0 : examples.Count - keptExamples,
            RunningSummary.DroppedThroughSeq(inputs.History, history, fitted, inputs.OlderMessages),
            LoreTimers: timed.After(included),
            Scripts: scripts,
            Variables: inputs.Variables,
            AnsweredAtSend: answered);
    }

    /// <summary>
    /// The definition's parts as one <c>definition</c> part, for a reader who may not see it: each part's size, and whether
    /// the card has a note, would tell its shape.
    /// </summary>
    private static PromptPart[] DefinitionMerged(PromptPart[] parts) =>
        [new("definition", parts.Where(p => DefinitionParts.Contains(p.Name)).Sum(p => p.Tokens)), .. parts.Where(p => !DefinitionParts.Contains(p.Name))];

    /// <summary>Each outlet's lore, joined, by the outlet's name.</summary>
    private static Dictionary<string, string> Outlets(IEnumerable<FiredLore> lore) =>
        lore.Where(l => l.Outlet is not null).GroupBy(l => l.Outlet!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => string.Join('\n', g.Select(l => l.Content)), StringComparer.Ordinal);

    /// <summary>
    /// A message as world info scans it: <c>Name: text</c>, as SillyTavern scans it (its <c>world_info_include_names</c>, on
    /// by default), so a key that names a speaker fires. A group chat's other members' lines already carry their names.
    /// </summary>
    private static string Named(HistoryMessage message, PromptInputs inputs) => message.Said is not null ? message.Content : message.Role switch
    {
        ChatRoles.User => $"{inputs.UserName}: {message.Content}",
        ChatRoles.Narrator => $"{Narrator}: {message.Content}",
        _ => $"{inputs.CharacterName}: {message.Content}",
    };

    private static IEnumerable<AiChatMessage> Present(AiChatMessage? message) => message is null ? [] : [message];

    /// <summary>
    /// The system message, with a note placed after the main prompt in a message of its own between the main prompt and
    /// the rest, as SillyTavern's chat completion puts it (its system prompts are messages of their own).
    /// </summary>
    private static List<AiChatMessage> AroundMain(AiChatMessage system, string main, AiChatMessage? afterMain)
    {
        var text = system.Text;
        if (afterMain is null)
        {
            return [system];
        }

        return text.Length > main.Length + 2 && text.StartsWith(main, StringComparison.Ordinal)
            ? [new AiChatMessage(ChatRole.System, main), afterMain, new AiChatMessage(ChatRole.System, text[(main.Length + 2)..])]
            : [system, afterMain];
    }

    private static string? Join(string separator, params string?[] parts) =>
        parts.Where(p => !string.IsNullOrWhiteSpace(p)).ToList() is { Count: > 0 } present ? string.Join(separator, present) : null;
}

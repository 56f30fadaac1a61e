using FastEndpoints;
using KissChat.Characters.Contracts;
using KissChat.Chats.Groups;
using KissChat.Chats.Messages;
using KissChat.Chats.Prompt;
using KissChat.Inference.Contracts;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;

namespace KissChat.Chats.PreviewPrompt;

internal sealed record PromptMessage(string Role, string Content);

/// <param name="Messages">Exactly the messages the next reply sends.</param>
/// <param name="Settings">Exactly the generation settings it sends (null: not sent, the model server decides).</param>
/// <param name="Parts">The tokens of each part: system, character, persona, lore, examples, history, author_note, post_history
/// (when the definition is hidden from the user, system, character, examples, character_note and post_history are one: definition).</param>
/// <param name="Tokens">The whole prompt as counted against the budget (each message's text and its overhead).</param>
/// <param name="Budget">The prompt budget of the model that answers.</param>
/// <param name="Tokenizer">What counted them: o200k, cl100k or estimate.</param>
/// <param name="Lore">The lore entries that fired, why, where they went, and whether they fit their book's budget.</param>
/// <param name="OmittedMessages">Older messages left out to fit the budget.</param>
/// <param name="OmittedExamples">Example dialogues left out to fit the budget.</param>
internal sealed record PromptPreview(
    IReadOnlyList<PromptMessage> Messages,
    GenerationSettings Settings,
    IReadOnlyList<PromptPart> Parts,
    int Tokens,
    int Budget,
    string Tokenizer,
    IReadOnlyList<FiredLore> Lore,
    int OmittedMessages,
    int OmittedExamples);

/// <summary>
/// What the next reply would send, built exactly as the reply builds it; when the user may not see the character's
/// definition (its author hid it, or it is gone), what is made of it stays in place, blank, as in the chat's messages,
/// its parts are counted as one, and its own book's lore is left out (see <see cref="PromptInputs.HideDefinition"/>).
/// </summary>
internal sealed class PreviewPromptEndpoint(
    CurrentUser me, KissChatDbContext db, ChatPrompts prompts, GroupSpeakers speakers, ICharacterCatalog characters, ITokenCounter counter)
    : Endpoint<PreviewPromptRequest, Results<Ok<DataResponse<PromptPreview>>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/{id}/prompt");
        Group<ChatsGroup>();
        Description(b => b.WithName("PreviewPrompt").ProducesProblems(400, 403, 404, 409));
        Summary(s => s.Summary = "The prompt the next reply (or impersonation) sends: messages, settings, tokens per part, the lore that fired and why, what was left out.");
    }

    public override async Task<Results<Ok<DataResponse<PromptPreview>>, ProblemHttpResult>> ExecuteAsync(PreviewPromptRequest request, CancellationToken ct)
    {
        var (chat, problem) = await ChatAccess.FindOwnAsync(db, request.Id, me.Id, ct);
        if (chat is null)
        {
            return problem!;
        }

        var (speaker, refused) = request.Impersonate
            ? await speakers.ForImpersonationAsync(chat, request.CharacterId, ct)
            : await speakers.ChooseAsync(chat, request.CharacterId, request.Prompt, ct);
        if (refused is not null)
        {
            return refused;
        }

        var hidden = !await SystemPrompts.AreVisibleAsync(speaker ?? chat.CharacterId, me.Id, characters, ct);
        var impersonation = request.Impersonate ? new Impersonation(request.Prompt) : null;
        // Null for a chat deleted since it was found.
        if (await prompts.BuildAsync(
            new PromptRequest(chat.Id, me.Id, Pending: impersonation is null ? request.Prompt : null, HideDefinition: hidden, Speaker: speaker, Impersonation: impersonation), ct) is not { } built)
        {
            return ChatAccess.NotFound();
        }

        return TypedResults.Ok(new DataResponse<PromptPreview>(new PromptPreview(
            [.. built.Messages.Select(m => new PromptMessage(m.Role.Value, m.Text))],
            built.Settings,
            built.Parts,
            built.Tokens,
            built.Budget,
            counter.Name,
            built.Lore,
            built.OmittedMessages,
            built.OmittedExamples)));
    }
}

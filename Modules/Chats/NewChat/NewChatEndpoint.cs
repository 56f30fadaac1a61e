using System.Text.Json.Serialization;
using FastEndpoints;
using KissChat.Characters.Contracts;
using KissChat.Chats.Data;
using KissChat.Chats.Groups;
using KissChat.Chats.Prompt;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;
using KissChat.Personas.Contracts;
using KissChat.Users.Contracts;

namespace KissChat.Chats.NewChat;

internal sealed record NewChatResponse([property: JsonPropertyName("newChatID")] Guid NewChatId);

/// <summary>
/// Starts a chat with the character's greeting, when it has one, as its first message. Nothing else of the character is
/// copied: each turn's prompt is built from the character as it is then. A group chat keeps its characters in order and
/// opens with each unmuted one's greeting in turn, each recording who said it.
/// </summary>
internal sealed class NewChatEndpoint(CurrentUser me, ICharacterCatalog characters, IPersonas personas, IUserProfiles profiles, KissChatDbContext db, TimeProvider clock)
    : Endpoint<NewChatRequest, Results<Created<NewChatResponse>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/new");
        Group<ChatsGroup>();
        Description(b => b.WithName("NewChat").ProducesProblems(403, 404));
        Summary(s => s.Summary = "Start a chat with a character (character_id) or a group chat (character_ids): greetings (with their alternatives as swipes) come first.");
    }

    public override async Task<Results<Created<NewChatResponse>, ProblemHttpResult>> ExecuteAsync(NewChatRequest request, CancellationToken ct)
    {
        var isGroup = request.CharacterIds is not null;
        var (members, problem) = await ChatCharacters.FindAsync(characters, request.CharacterIds ?? [request.CharacterId!.Value], me.Id, ct);
        if (members is null)
        {
            return problem!;
        }

        var persona = await personas.ForChatAsync(null, me.Id, ct);
        var userName = await PromptUserName.OfAsync(persona, profiles, me.Id, ct);
        var now = clock.GetUtcNow();
        var muted = request.Group?.Muted ?? [];
        var chat = ChatCharacters.AddChat(db, me.Id, members, request.Group?.Strategy, muted, now.UtcDateTime, now.UtcDateTime);

        var seq = 1;
        IReadOnlyList<string>? group = isGroup ? [.. members.Select(m => m.Name)] : null;
        var variables = ChatVariables.Of(null);
        foreach (var character in members.Where(m => !string.IsNullOrWhiteSpace(m.Greeting) && !muted.Contains(m.Id)))
        {
            // Each chat its own picks, as its turns have.
            var macros = new MacroContext(character.Name, userName, persona?.Description, now, null, Random.Shared)
            {
                Card = character.Definition, Group = group, PickSeed = ChatPrompts.ChatSeed(chat.Id), Variables = variables,
            };
            AddGreeting(chat.Id, seq++, character, isGroup ? character.Id : null, macros);
        }

        if (variables.Changed)
        {
            chat.ChatMetadata = variables.Metadata();
        }

        await db.SaveChangesAsync(ct);
        foreach (var character in members)
        {
            await characters.RecordChatStartedAsync(character.Id, ct);
        }

        return TypedResults.Created($"/api/v1/chat/{chat.Id}", new NewChatResponse(chat.Id));
    }

    /// <param name="speaker">In a group chat, the character who says it.</param>
    /// <param name="macros">
    /// The greeting is said once, when the chat starts: its macros are filled then, like every message's text is its own.
    /// What the greeting's <c>{{setvar}}</c>… do is kept; an alternate's only until the chat starts: it is not what was said.
    /// </param>
    private void AddGreeting(Guid chatId, int seq, NewChatCharacter character, Guid? speaker, MacroContext macros)
    {
        var now = macros.Now.UtcDateTime;
        var greeting = new ChatMessage
        {
            Id = Guid.CreateVersion7(), ChatId = chatId, Seq = seq, Role = ChatRoles.Assistant, Content = Macros.Fill(character.Greeting!, macros), CharacterId = speaker, CreatedAt = now,
        };
        db.Add(greeting);
        var alternates = macros with { Variables = macros.Variables?.Copy() };
        // The character's alternate greetings are further swipes of its first message.
        var swipes = character.AlternateGreetings.Prepend(character.Greeting!).Select((text, index) =>
            new MessageSwipe { MessageId = greeting.Id, Index = index, Content = index == 0 ? greeting.Content : Macros.Fill(text, alternates), CharacterId = speaker, CreatedAt = now });
        db.AddRange(swipes);
    }
}

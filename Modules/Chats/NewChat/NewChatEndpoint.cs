using System.Text.Json.Serialization;
using FastEndpoints;
using KissChat.Characters.Contracts;
using KissChat.Chats.Data;
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
/// copied: each turn's prompt is built from the character as it is then.
/// </summary>
internal sealed class NewChatEndpoint(CurrentUser me, ICharacterCatalog characters, IPersonas personas, IUserProfiles profiles, KissChatDbContext db, TimeProvider clock)
    : Endpoint<NewChatRequest, Results<Created<NewChatResponse>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/new");
        Group<ChatsGroup>();
        Description(b => b.WithName("NewChat").ProducesProblems(403, 404));
        Summary(s => s.Summary = "Start a chat with a character: its greeting (with its alternatives as swipes) comes first.");
    }

    public override async Task<Results<Created<NewChatResponse>, ProblemHttpResult>> ExecuteAsync(NewChatRequest request, CancellationToken ct)
    {
        var access = await characters.FindForChatAsync(request.CharacterId!.Value, me.Id, ct);
        if (access.Outcome != CharacterAccessOutcome.Found)
        {
            return access.Outcome == CharacterAccessOutcome.Forbidden
                ? Problems.Forbidden("You cannot chat with this character.")
                : Problems.NotFound("Character not found.");
        }

        var character = access.Character!;
        var persona = await personas.ForChatAsync(null, me.Id, ct);
        var userName = persona?.Name ?? (await profiles.FindAsync(me.Id, ct))?.Username ?? "User";
        var now = clock.GetUtcNow();
        // The greeting is said once, when the chat starts: its macros are filled then, like every message's text is its own.
        var macros = new MacroContext(character.Name, userName, persona?.Description, now, null, Random.Shared);
        var chat = new Chat { Id = Guid.CreateVersion7(), UserId = me.Id, CharacterId = character.Id, Title = Chat.TitleFor(character.Name), CreatedAt = now.UtcDateTime, UpdatedAt = now.UtcDateTime };
        db.Add(chat);
        if (!string.IsNullOrWhiteSpace(character.Greeting))
        {
            var greeting = new ChatMessage
            {
                Id = Guid.CreateVersion7(), ChatId = chat.Id, Seq = 1, Role = ChatRoles.Assistant, Content = Macros.Fill(character.Greeting, macros), CreatedAt = now.UtcDateTime,
            };
            db.Add(greeting);
            // The character's alternate greetings are further swipes of its first message.
            var swipes = character.AlternateGreetings.Prepend(character.Greeting).Select((text, index) =>
                new MessageSwipe { MessageId = greeting.Id, Index = index, Content = index == 0 ? greeting.Content : Macros.Fill(text, macros), CreatedAt = now.UtcDateTime });
            db.AddRange(swipes);
        }

        await db.SaveChangesAsync(ct);
        await characters.RecordChatStartedAsync(character.Id, ct);
        return TypedResults.Created($"/api/v1/chat/{chat.Id}", new NewChatResponse(chat.Id));
    }
}

using System.Text.Json.Serialization;
using FastEndpoints;
using KissChat.Characters.Contracts;
using KissChat.Chats.Data;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;
using KissChat.Users.Contracts;

namespace KissChat.Chats.NewChat;

internal sealed record NewChatResponse([property: JsonPropertyName("newChatID")] Guid NewChatId);

/// <summary>Starts a chat with the character's system prompt and, when it has one, its greeting.</summary>
internal sealed class NewChatEndpoint(CurrentUser me, ICharacterCatalog characters, IUserProfiles profiles, KissChatDbContext db, TimeProvider clock)
    : Endpoint<NewChatRequest, Results<Created<NewChatResponse>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/new");
        Group<ChatsGroup>();
        Description(b => b.WithName("NewChat").ProducesProblems(403, 404));
        Summary(s => s.Summary = "Start a chat with a character: its system prompt and greeting come first.");
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

        var persona = access.Persona!;
        var userName = (await profiles.FindAsync(me.Id, ct))?.Username ?? "User";
        string Fill(string text) => Placeholders.Fill(text, persona.Name, userName);
        var now = clock.GetUtcNow().UtcDateTime;
        var chat = new Chat { Id = Guid.CreateVersion7(), UserId = me.Id, CharacterId = persona.Id, Title = Chat.TitleFor(persona.Name), CreatedAt = now, UpdatedAt = now };
        db.Add(chat);
        db.Add(new ChatMessage { Id = Guid.CreateVersion7(), ChatId = chat.Id, Seq = 1, Role = ChatRoles.System, Content = Fill(persona.SystemPrompt), CreatedAt = now });
        if (!string.IsNullOrWhiteSpace(persona.Greeting))
        {
            var greeting = new ChatMessage { Id = Guid.CreateVersion7(), ChatId = chat.Id, Seq = 2, Role = ChatRoles.Assistant, Content = Fill(persona.Greeting), CreatedAt = now };
            db.Add(greeting);
            // The character's alternate greetings are further swipes of its first message.
            var swipes = persona.AlternateGreetings.Prepend(persona.Greeting).Select((text, index) =>
                new MessageSwipe { MessageId = greeting.Id, Index = index, Content = Fill(text), CreatedAt = now });
            db.AddRange(swipes);
        }

        await db.SaveChangesAsync(ct);
        await characters.RecordChatStartedAsync(persona.Id, ct);
        return TypedResults.Created($"/api/v1/chat/{chat.Id}", new NewChatResponse(chat.Id));
    }
}

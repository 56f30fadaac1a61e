using FastEndpoints;
using KissChat.Chats.Data;
using KissChat.Chats.Messages;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;

namespace KissChat.Chats.AddMessage;

/// <summary>
/// Adds a message at the end of the chat without asking for a reply: the user's (SillyTavern's <c>/send</c>) or
/// narration (<c>/sys</c>; hidden, its <c>/comment</c>). A reply can be asked for next with <c>chat/{id}/regenerate</c>.
/// </summary>
internal sealed class AddMessageEndpoint(CurrentUser me, ChatWrites writes, KissChatDbContext db, TimeProvider clock)
    : Endpoint<AddMessageRequest, Results<Created<MessageDataResponse<MessageView>>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/{id}/messages");
        Group<ChatsGroup>();
        Description(b => b.WithName("AddMessage").ProducesProblems(400, 403, 404, 409));
        Summary(s =>
        {
            s.Summary = "Add a message without a reply: yours, or narration.";
            s.Description = "'role' user (the default) or narrator: narration is nobody's line, and the model reads it as a system message where it "
                + "stands. 'hidden' keeps it out of the prompt from the start. Nothing is generated; POST chat/{id}/regenerate answers it. "
                + "A 409 while a reply is being written.";
        });
    }

    public override async Task<Results<Created<MessageDataResponse<MessageView>>, ProblemHttpResult>> ExecuteAsync(AddMessageRequest request, CancellationToken ct)
    {
        ChatMessage? added = null;
        var problem = await writes.ChangeAsync(request.Id, me.Id, async chat =>
        {
            var last = await writes.LastMessageAsync(chat.Id, ct);
            added = new ChatMessage
            {
                Id = Guid.CreateVersion7(), ChatId = chat.Id, Seq = (last?.Seq ?? 0) + 1, Role = request.Role ?? ChatRoles.User, Content = request.Content!,
                Hidden = request.Hidden, CreatedAt = clock.GetUtcNow().UtcDateTime,
            };
            db.Add(added);
            return null;
        }, ct);
        if (problem is not null)
        {
            return problem;
        }

        var view = new MessageView(added!.Id, added.Seq, added.Role, added.Content, added.Status, 0, [], added.CreatedAt, Hidden: added.Hidden);
        return TypedResults.Created($"/api/v1/chat/{request.Id}/messages?after={added.Seq - 1}", new MessageDataResponse<MessageView>("Message added.", view));
    }
}

using KissChat.Chats.Data;
using KissChat.Chats.Replies;
using KissChat.Jobs.Streaming;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;

namespace KissChat.Chats.SendMessage;

internal static class SendMessageEndpoint
{
    /// <summary>Stores the user's message and the reply job together, then streams the reply.</summary>
    public static Task<Results<JobEventStream, ProblemHttpResult>> Handle(
        SendMessageRequest request, CurrentUser me, ChatWrites writes, KissChatDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
        writes.StartReplyAsync(request.ChatId!.Value, me.Id, async chat =>
        {
            db.Add(new ChatMessage
            {
                Id = Guid.CreateVersion7(),
                ChatId = chat.Id,
                Seq = await writes.NextSeqAsync(chat.Id, cancellationToken),
                Role = ChatRoles.User,
                Content = request.Prompt!,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            });
            return (new ReplyPayload(chat.Id, request.MaxTokens, request.Temperature, request.Model), null);
        }, cancellationToken);
}

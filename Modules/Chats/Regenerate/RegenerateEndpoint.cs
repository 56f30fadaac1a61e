using KissChat.Chats.Data;
using KissChat.Chats.Replies;
using KissChat.Jobs.Streaming;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats.Regenerate;

internal static class RegenerateEndpoint
{
    /// <summary>Writes a new alternative of the last reply; the earlier one stays as a swipe to switch back to.</summary>
    public static Task<Results<JobEventStream, ProblemHttpResult>> Regenerate(
        Guid id, ReplyOverridesRequest? request, CurrentUser me, ChatWrites writes, KissChatDbContext db, CancellationToken cancellationToken) =>
        writes.StartReplyAsync(id, me.Id, async chat =>
        {
            var last = await writes.LastMessageAsync(chat.Id, cancellationToken);
            var answersSomething = last is { Role: ChatRoles.Assistant }
                && await db.Set<ChatMessage>().AnyAsync(m => m.ChatId == chat.Id && m.Seq < last.Seq && m.Role == ChatRoles.User, cancellationToken);
            return answersSomething
                ? (Payload(chat.Id, request, ReplyModes.Regenerate, last!.Id), null)
                : (null, Problems.BadRequest("The last message is not a reply to regenerate (a greeting's alternatives are its swipes)."));
        }, cancellationToken);

    /// <summary>Asks the model to extend the last reply where it ends.</summary>
    public static Task<Results<JobEventStream, ProblemHttpResult>> Continue(
        Guid id, ReplyOverridesRequest? request, CurrentUser me, ChatWrites writes, CancellationToken cancellationToken) =>
        writes.StartReplyAsync(id, me.Id, async chat =>
        {
            var last = await writes.LastMessageAsync(chat.Id, cancellationToken);
            return last is { Role: ChatRoles.Assistant }
                ? (Payload(chat.Id, request, ReplyModes.Continue, last.Id), null)
                : (null, Problems.BadRequest("Only an assistant message at the end of the chat can be continued."));
        }, cancellationToken);

    private static ReplyPayload Payload(Guid chatId, ReplyOverridesRequest? request, string mode, Guid target) =>
        new(chatId, request?.MaxTokens, request?.Temperature, request?.Model, mode, target);
}

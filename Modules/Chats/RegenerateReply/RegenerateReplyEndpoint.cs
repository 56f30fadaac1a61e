using FastEndpoints;
using KissChat.Chats.Data;
using KissChat.Chats.Groups;
using KissChat.Chats.Replies;
using KissChat.Chats.Streaming;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats.RegenerateReply;

/// <summary>
/// Writes a new alternative of the last reply; the earlier one stays as a swipe to switch back to. When the chat ends on
/// the user's message (its reply failed or was stopped before any text), writes that missing reply instead.
/// </summary>
internal sealed class RegenerateReplyEndpoint(CurrentUser me, ReplyStarts replies)
    : Endpoint<RegenerateReplyRequest, Results<ReplyStream, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/{id}/regenerate");
        Group<ChatsGroup>();
        Options(b => b.RequireRateLimiting(RateLimits.Generation));
        Description(b => b.WithName("RegenerateReply").OptionalJsonBody<RegenerateReplyRequest>().ProducesProblems(400, 402, 403, 404, 409, 422));
        Summary(s => s.Summary = "Regenerate the last reply as a new swipe, or write the missing reply to your last message; streams like /chat/response.");
    }

    public override Task<Results<ReplyStream, ProblemHttpResult>> ExecuteAsync(RegenerateReplyRequest request, CancellationToken ct) =>
        replies.StartAsync(request, request.Id, me.Id, async (work, chat) =>
        {
            var last = await work.Writes.LastMessageAsync(chat.Id, work.CancellationToken);
            // Narration at the end of the chat is answered as the user's message would be.
            if (last is { Role: ChatRoles.User or ChatRoles.Narrator })
            {
                var (speaker, refused) = await work.Speakers.ChooseAsync(chat, request.CharacterId, last.Content, work.CancellationToken);
                return refused is null ? (ReplyPayload.For(chat.Id, request, speaker: speaker), null) : (null, refused);
            }

            if (last is { Role: ChatRoles.Assistant, Hidden: true })
            {
                return (null, Problems.BadRequest("The last reply is hidden from the model; show it again (PATCH its 'hidden') to regenerate it."));
            }

            var answersSomething = last is { Role: ChatRoles.Assistant }
                && await work.Db.Set<ChatMessage>().AnyAsync(m => m.ChatId == chat.Id && m.Seq < last.Seq && (m.Role == ChatRoles.User || m.Role == ChatRoles.Narrator), work.CancellationToken);
            if (!answersSomething)
            {
                return (null, Problems.BadRequest("The last message is not a reply to regenerate (a greeting's alternatives are its swipes)."));
            }

            var (swipeSpeaker, notAllowed) = await work.Speakers.ForSwipeAsync(chat, last!, request.CharacterId, work.CancellationToken);
            return notAllowed is null ? (ReplyPayload.For(chat.Id, request, ReplyModes.Regenerate, last!.Id, swipeSpeaker), null) : (null, notAllowed);
        });
}

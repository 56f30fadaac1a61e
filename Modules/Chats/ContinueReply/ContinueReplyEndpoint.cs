using FastEndpoints;
using KissChat.Chats.Data;
using KissChat.Chats.Groups;
using KissChat.Kernel.Files;
using KissChat.Chats.Replies;
using KissChat.Chats.Streaming;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;

namespace KissChat.Chats.ContinueReply;

/// <summary>
/// Asks the model to extend the last reply where it ends; when the chat ends on the user's message (its reply failed
/// before any text), there is nothing to extend, so the missing reply is written.
/// </summary>
internal sealed class ContinueReplyEndpoint(CurrentUser me, ReplyStarts replies)
    : Endpoint<ContinueReplyRequest, Results<ReplyStream, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/{id}/continue");
        Group<ChatsGroup>();
        Options(b => b.RequireRateLimiting(RateLimits.Generation));
        Description(b => b.WithName("ContinueReply").OptionalJsonBody<ContinueReplyRequest>().ProducesProblems(400, 402, 403, 404, 409, 422));
        Summary(s => s.Summary = "Extend the last reply (or write the missing reply to your last message); streams like /chat/response.");
    }

    public override Task<Results<ReplyStream, ProblemHttpResult>> ExecuteAsync(ContinueReplyRequest request, CancellationToken ct) =>
        replies.StartAsync(request, request.Id, me.Id, async (work, chat) =>
        {
            var last = await work.Writes.LastMessageAsync(chat.Id, work.CancellationToken);
            switch (last)
            {
                // Its prompt would leave it out and end on the message before it, whose reply the model would then extend.
                case { Role: ChatRoles.Assistant, Hidden: true }:
                    return (null, Problems.BadRequest("The last reply is hidden from the model; show it again (PATCH its 'hidden') to continue it."));
                case { Role: ChatRoles.Assistant }:
                    return request.CharacterId is { } asked && asked != last.CharacterId
                        ? (null, FieldProblem.BadRequest("character_id", "'character_id' must be the character who said the message being continued."))
                        : (ReplyPayload.For(chat.Id, request, ReplyModes.Continue, last.Id, last.CharacterId), null);
                case { Role: ChatRoles.User or ChatRoles.Narrator }:
                    var (speaker, refused) = await work.Speakers.ChooseAsync(chat, request.CharacterId, last.Content, work.CancellationToken);
                    return refused is null ? (ReplyPayload.For(chat.Id, request, speaker: speaker), null) : (null, refused);
                default:
                    return (null, Problems.BadRequest("Only an assistant message at the end of the chat can be continued."));
            }
        });
}

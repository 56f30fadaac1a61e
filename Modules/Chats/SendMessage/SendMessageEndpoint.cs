using FastEndpoints;
using KissChat.Chats.Data;
using KissChat.Chats.Groups;
using KissChat.Chats.Prompt;
using KissChat.Chats.Replies;
using KissChat.Chats.Streaming;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;

namespace KissChat.Chats.SendMessage;

/// <summary>Stores the user's message and the reply job together, then streams the reply.</summary>
internal sealed class SendMessageEndpoint(CurrentUser me, ReplyStarts replies, TimeProvider clock)
    : Endpoint<SendMessageRequest, Results<ReplyStream, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/response");
        Group<ChatsGroup>();
        Options(b => b.RequireRateLimiting(RateLimits.Generation));
        Description(b => b.WithName("SendMessage").ProducesProblems(400, 402, 403, 404, 409, 422));
        Summary(s =>
        {
            s.Summary = "Send a message; the reply streams back as SSE frames (connected, processing, token…, completed|failed, [DONE]).";
            s.RequestParam(r => r.History, "The completed frame's chatHistory: \"full\" (the default), \"none\", or a number of last messages.");
        });
    }

    public override Task<Results<ReplyStream, ProblemHttpResult>> ExecuteAsync(SendMessageRequest request, CancellationToken ct) =>
        replies.StartAsync(request, request.ChatId!.Value, me.Id, async (work, chat) =>
        {
            var (speaker, refused) = await work.Speakers.ChooseAsync(chat, request.CharacterId, request.Prompt, work.CancellationToken);
            if (refused is not null)
            {
                return (null, refused);
            }

            UserMessageRow.Add(work.Db, chat.Id, request.Prompt!, clock.GetUtcNow().UtcDateTime);
            return (ReplyPayload.For(chat.Id, request, speaker: speaker), null);
        },
        // A group chat's speaker is chosen with the message stored: its prompt is read by the job.
        readAhead: chat => chat.GroupStrategy is null ? ChatReplyHandler.PromptFor(ReplyPayload.For(chat.Id, request), me.Id) with { Pending = request.Prompt } : null);
}

using FastEndpoints;
using KissChat.Chats.Groups;
using KissChat.Chats.Prompt;
using KissChat.Chats.Replies;
using KissChat.Chats.Streaming;
using KissChat.Jobs.Contracts;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;
using KissChat.Users.Contracts;

namespace KissChat.Chats.Impersonate;

/// <summary>
/// SillyTavern's Impersonate: the chat's model writes the user's next message, from the chat's prompt with an
/// instruction to write as the user at its end. It streams while the client listens and is never stored; the user
/// edits it and sends it, or not. It costs what a reply costs, given back when it fails.
/// </summary>
internal sealed class ImpersonateEndpoint(
    CurrentUser me,
    KissChatDbContext db,
    ChatPrompts prompts,
    GroupSpeakers speakers,
    ICredits credits,
    ChatsOptions options,
    IJobStreams streams,
    IJobs jobs,
    ImpersonationSlots slots,
    RateLimitSettings limits)
    : Endpoint<ImpersonateRequest, Results<ImpersonationStream, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/{id}/impersonate");
        Group<ChatsGroup>();
        Options(b => b.RequireRateLimiting(RateLimits.Generation));
        Description(b => b.WithName("Impersonate").OptionalJsonBody<ImpersonateRequest>().ProducesProblems(400, 402, 403, 404, 409, 429));
        Summary(s => s.Summary = "The model writes your next message (streamed, not stored): SillyTavern's Impersonate.");
    }

    public override async Task<Results<ImpersonationStream, ProblemHttpResult>> ExecuteAsync(ImpersonateRequest request, CancellationToken ct)
    {
        var (chat, problem) = await ChatAccess.FindOwnAsync(db, request.Id, me.Id, ct);
        if (chat is null)
        {
            return problem!;
        }

        // The reply under way is not in the chat yet: a message written now would answer the one before it.
        if (await jobs.FindUnfinishedAsync(chat.Id, ct) is { Kind: ChatReplyHandler.Kind })
        {
            return Problems.Conflict(ChatWrites.BusyMessage);
        }

        var (speaker, refused) = await speakers.ForImpersonationAsync(chat, request.CharacterId, ct);
        if (refused is not null)
        {
            return refused;
        }

        // The cheap refusals first: a user at a limit does not pay for a prompt's build on every try.
        var slot = slots.TryTake(me.Id, limits.ConcurrentGenerationsPerUser - await jobs.CountUnfinishedAsync(me.Id, ChatReplyHandler.Kind, ct));
        if (slot is null)
        {
            return Problems.TooManyRequests("Too many of your messages are being written for you at once; wait for one to finish.", TimeSpan.FromSeconds(5));
        }

        var place = streams.TryOpen(me.Id);
        if (place is null)
        {
            slot.Dispose();
            return ReplyStream.TooManyStreams;
        }

        BuiltPrompt? prompt = null;
        int? charged = null;
        try
        {
            prompt = await prompts.BuildAsync(new PromptRequest(chat.Id, me.Id, Overrides: request, Speaker: speaker, Impersonation: new Impersonation(request.Prompt)), ct);
            charged = prompt is null ? null : options.CreditsEnabled ? await ChargeAsync(chat.Id, ct) : 0;
        }
        finally
        {
            if (charged is null)
            {
                place.Dispose();
                slot.Dispose();
            }
        }

        if (prompt is null)
        {
            return ChatAccess.NotFound();
        }

        if (charged is null)
        {
            return Problems.PaymentRequired($"You are out of kiss coins: writing your message costs {options.CostPerReply}, as a reply does. Go premium or top up to keep chatting.");
        }

        return new ImpersonationStream(prompt, place, slot, new ImpersonationCharge(me.Id, chat.Id, charged.Value), streams.KeepAlive);
    }

    private async Task<int?> ChargeAsync(Guid chatId, CancellationToken ct)
    {
        await using var write = await db.BeginWriteAsync(ct);
        var charged = await credits.TryChargeAsync(me.Id, options.CostPerReply, CoinReasons.Impersonation, chatId, ct);
        if (charged is not null)
        {
            await db.SaveChangesAsync(ct);
            // Not cancelled by a client that leaves meanwhile: a commit cut short may have taken the coins all the same.
            await write.CommitAsync(CancellationToken.None);
        }

        return charged;
    }
}

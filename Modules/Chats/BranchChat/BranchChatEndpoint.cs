using FastEndpoints;
using KissChat.Chats.Data;
using KissChat.Chats.Memory;
using KissChat.Chats.NewChat;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats.BranchChat;

/// <summary>
/// A new chat that goes on from one message of another: the same character (or pinned copy) or members (with their
/// copies), persona, lorebooks, author's note and settings, the messages up to and including that one with all their
/// swipes, and the running summary's snapshots within them (its summary is the newest). It records where it came from.
/// </summary>
internal sealed class BranchChatEndpoint(CurrentUser me, KissChatDbContext db, DatabaseSettings database, TimeProvider clock)
    : Endpoint<BranchChatRequest, Results<Created<NewChatResponse>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/{id}/branch");
        Group<ChatsGroup>();
        Description(b => b.WithName("BranchChat").ProducesProblems(400, 403, 404));
        Summary(s => s.Summary = "Branch a chat at one of its messages: a new chat with everything up to and including it.");
    }

    public override async Task<Results<Created<NewChatResponse>, ProblemHttpResult>> ExecuteAsync(BranchChatRequest request, CancellationToken ct)
    {
        var (source, problem) = await ChatAccess.FindOwnAsync(db, request.Id, me.Id, ct);
        if (source is null)
        {
            return problem!;
        }

        var messageId = request.MessageId!.Value;
        var untilSeq = await db.Set<ChatMessage>().Where(m => m.Id == messageId && m.ChatId == source.Id).Select(m => (int?)m.Seq).FirstOrDefaultAsync(ct);
        if (untilSeq is null)
        {
            return Problems.NotFound("Message not found in this chat.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var branch = new Chat
        {
            Id = Guid.CreateVersion7(),
            UserId = me.Id,
            CharacterId = source.CharacterId,
            Title = source.Title,
            PersonaId = source.PersonaId,
            AuthorNote = source.AuthorNote,
            AuthorNoteDepth = source.AuthorNoteDepth,
            AuthorNotePlacement = source.AuthorNotePlacement,
            Settings = source.Settings,
            PinnedAt = source.PinnedAt,
            ChatMetadata = source.ChatMetadata,
            // As they are: those begun after the branch's last message end at its first turn (a turn's own timers begin at its length).
            LoreTimers = source.LoreTimers,
            GroupStrategy = source.GroupStrategy,
            BranchedFromChatId = source.Id,
            BranchedFromMessageId = messageId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var lorebooks = await db.Set<ChatLorebook>().AsNoTracking().Where(l => l.ChatId == source.Id).ToListAsync(ct);
        var members = await db.Set<ChatMember>().AsNoTracking().Where(m => m.ChatId == source.Id).ToListAsync(ct);
        var memberPins = members.Count == 0 ? [] : await db.Set<ChatMemberPin>().AsNoTracking().Where(p => p.ChatId == source.Id).ToListAsync(ct);
        var pin = source.PinnedAt is null ? null : await db.Set<ChatPin>().AsNoTracking().FirstOrDefaultAsync(p => p.ChatId == source.Id, ct);
        await using var transaction = await db.BeginWriteAsync(ct);
        // Under the source's lock, which a change of its messages takes: the summary's snapshots and the messages copied
        // below are of the same chat, not one from before such a change and one from after it.
        await db.LockAsync(source.Id, ct);
        // The summary's snapshots within the branch's messages, which are the source's as they are: the branch's summary
        // goes on from the newest instead of being redone from its first message.
        var snapshots = await db.Set<ChatMemorySnapshot>().AsNoTracking()
            .Where(s => s.ThroughSeq <= untilSeq && MemorySnapshots.OfChat(db, source.Id).Contains(s.MemoryId))
            .OrderBy(s => s.ThroughSeq)
            .ToListAsync(ct);
        db.Add(branch);
        db.AddRange(lorebooks.Select(l => new ChatLorebook { ChatId = branch.Id, LorebookId = l.LorebookId, Position = l.Position }));
        db.AddRange(members.Select(m => new ChatMember { ChatId = branch.Id, CharacterId = m.CharacterId, Position = m.Position, Muted = m.Muted }));
        db.AddRange(memberPins.Select(p => new ChatMemberPin { ChatId = branch.Id, CharacterId = p.CharacterId, Card = p.Card }));
        if (pin is not null)
        {
            db.Add(new ChatPin { ChatId = branch.Id, Card = pin.Card });
        }

        if (snapshots.Count > 0)
        {
            var memory = new ChatMemory { Id = Guid.CreateVersion7(), ChatId = branch.Id, Summary = snapshots[^1].Summary, ThroughSeq = snapshots[^1].ThroughSeq, UpdatedAt = now };
            db.Add(memory);
            db.AddRange(snapshots.Select(s => new ChatMemorySnapshot { MemoryId = memory.Id, ThroughSeq = s.ThroughSeq, Summary = s.Summary }));
        }

        try
        {
            await db.SaveChangesAsync(ct);
            await BranchCopy.MessagesAsync(db, database.Provider, source.Id, branch.Id, untilSeq.Value, ct);
            await transaction.CommitAsync(ct);
        }
        catch (Exception exception) when (ForeignKeys.WereViolatedIn(exception))
        {
            return Problems.NotFound("The chat or its message was deleted meanwhile.");
        }

        return TypedResults.Created($"/api/v1/chat/{branch.Id}", new NewChatResponse(branch.Id));
    }
}

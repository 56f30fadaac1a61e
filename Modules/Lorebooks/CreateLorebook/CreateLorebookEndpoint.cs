using FastEndpoints;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;
using KissChat.Lorebooks.Data;
using KissChat.Lorebooks.Editing;

namespace KissChat.Lorebooks.CreateLorebook;

internal sealed class CreateLorebookEndpoint(KissChatDbContext db, CurrentUser me, TimeProvider clock)
    : Endpoint<CreateLorebookRequest, Results<Created<MessageDataResponse<LorebookView>>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/create");
        Group<LorebooksGroup>();
        Description(b => b.WithName("CreateLorebook").ProducesProblems(409));
        Summary(s => s.Summary = "Create a lorebook (world info) of your own, to attach to chats with lorebook_ids.");
    }

    public override async Task<Results<Created<MessageDataResponse<LorebookView>>, ProblemHttpResult>> ExecuteAsync(CreateLorebookRequest request, CancellationToken ct)
    {
        var (book, problem) = await SaveNewAsync(db, me.Id, clock, request, ct);
        return book is null ? problem! : Created(book, "Lorebook created.");
    }

    /// <summary>
    /// Adds and saves a new lorebook of <paramref name="ownerId"/> from validated fields; or, when they already keep
    /// <see cref="LorebookLimits.PerUser"/>, the 409 to answer.
    /// </summary>
    public static async Task<(Lorebook? Book, ProblemHttpResult? Problem)> SaveNewAsync(
        KissChatDbContext db, Guid ownerId, TimeProvider clock, CreateLorebookRequest request, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var book = new Lorebook
        {
            Id = Guid.CreateVersion7(),
            UserId = ownerId,
            Name = request.Name!.Trim(),
            Description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim(),
            ScanDepth = request.ScanDepth,
            TokenBudget = request.TokenBudget,
            RecursiveScanning = request.RecursiveScanning ?? false,
            Entries = LoreEntries.Normalize(request.Entries ?? []),
            CreatedAt = now,
            UpdatedAt = now,
        };
        // Counted in the owner's write: two creates at once cannot both pass the cap.
        await using var write = await db.BeginOwnerWriteAsync(ownerId, ct);
        if (await db.CountOwnAsync<Lorebook>(ownerId, ct) >= LorebookLimits.PerUser)
        {
            return (null, OwnedRecords.TooMany(LorebookLimits.PerUser + 1, LorebookLimits.PerUser, "lorebooks"));
        }

        db.Add(book);
        await db.SaveChangesAsync(ct);
        await write.CommitAsync(ct);
        return (book, null);
    }

    public static Created<MessageDataResponse<LorebookView>> Created(Lorebook book, string message) =>
        TypedResults.Created($"/api/v1/lorebook/get/{book.Id}", new MessageDataResponse<LorebookView>(message, LorebookView.From(book)));
}

using FastEndpoints;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;
using KissChat.Lorebooks.Data;
using KissChat.Lorebooks.Editing;

namespace KissChat.Lorebooks.CreateLorebook;

internal sealed class CreateLorebookEndpoint(KissChatDbContext db, CurrentUser me, TimeProvider clock)
    : Endpoint<CreateLorebookRequest, Created<MessageDataResponse<LorebookView>>>
{
    public override void Configure()
    {
        Post("/create");
        Group<LorebooksGroup>();
        Description(b => b.WithName("CreateLorebook"));
        Summary(s => s.Summary = "Create a lorebook (world info) of your own, to attach to chats with lorebook_ids.");
    }

    public override async Task<Created<MessageDataResponse<LorebookView>>> ExecuteAsync(CreateLorebookRequest request, CancellationToken ct)
    {
        var book = await SaveNewAsync(db, me.Id, clock, request, ct);
        return Created(book, "Lorebook created.");
    }

    /// <summary>Adds and saves a new lorebook of <paramref name="ownerId"/> from validated fields.</summary>
    public static async Task<Lorebook> SaveNewAsync(KissChatDbContext db, Guid ownerId, TimeProvider clock, CreateLorebookRequest request, CancellationToken ct)
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
        db.Add(book);
        await db.SaveChangesAsync(ct);
        return book;
    }

    public static Created<MessageDataResponse<LorebookView>> Created(Lorebook book, string message) =>
        TypedResults.Created($"/api/v1/lorebook/get/{book.Id}", new MessageDataResponse<LorebookView>(message, LorebookView.From(book)));
}

using KissChat.Lorebooks.Data;
using FastEndpoints;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;
using KissChat.Lorebooks.Editing;

namespace KissChat.Lorebooks.UpdateLorebook;

internal sealed class UpdateLorebookEndpoint(KissChatDbContext db, CurrentUser me, TimeProvider clock)
    : Endpoint<UpdateLorebookRequest, Results<Ok<MessageDataResponse<LorebookView>>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Patch("/update/{id}");
        Group<LorebooksGroup>();
        Description(b => b.WithName("UpdateLorebook").ProducesProblems(403, 404));
        Summary(s => s.Summary = "Change your lorebook: what you send replaces what it had (entries as a whole); the rest stays.");
    }

    public override async Task<Results<Ok<MessageDataResponse<LorebookView>>, ProblemHttpResult>> ExecuteAsync(UpdateLorebookRequest request, CancellationToken ct)
    {
        var (book, problem) = await db.FindOwnAsync<Lorebook>(request.Id, me.Id, "Lorebook", ct);
        if (book is null)
        {
            return problem!;
        }

        book.Name = request.Name?.Trim() ?? book.Name;
        if (request.Description is not null)
        {
            book.Description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim();
        }

        book.ScanDepth = request.ScanDepth ?? book.ScanDepth;
        book.TokenBudget = request.TokenBudget ?? book.TokenBudget;
        book.RecursiveScanning = request.RecursiveScanning ?? book.RecursiveScanning;
        book.Entries = request.Entries is { } entries ? LoreEntries.Normalize(entries) : book.Entries;
        book.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new MessageDataResponse<LorebookView>("Lorebook updated.", LorebookView.From(book)));
    }
}

using KissChat.Lorebooks.Data;
using KissChat.Kernel.Files;
using FastEndpoints;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;
using KissChat.Lorebooks.Formats;

namespace KissChat.Lorebooks.ExportLorebook;

/// <param name="Id">The lorebook, from the route.</param>
internal sealed record ExportLorebookRequest(Guid Id);

/// <summary>Your lorebook as a SillyTavern world info file, which SillyTavern imports as it is.</summary>
internal sealed class ExportLorebookEndpoint(KissChatDbContext db, CurrentUser me)
    : Endpoint<ExportLorebookRequest, Results<FileContentHttpResult, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/export/{id}");
        Group<LorebooksGroup>();
        Description(b => b.WithName("ExportLorebook").Produces(StatusCodes.Status200OK, typeof(byte[]), "application/json").ProducesProblems(403, 404));
        Summary(s => s.Summary = "Download your lorebook as SillyTavern world info JSON.");
    }

    public override async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExecuteAsync(ExportLorebookRequest request, CancellationToken ct)
    {
        var (book, problem) = await db.FindOwnAsync<Lorebook>(request.Id, me.Id, "Lorebook", ct);
        if (book is null)
        {
            return problem!;
        }

        return TypedResults.File(LorebookFile.ToUtf8(book.ToBook()), "application/json", $"{SafeFileNames.From(book.Name, "lorebook")}.json");
    }
}

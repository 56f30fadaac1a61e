using FastEndpoints;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Files;
using KissChat.Kernel.Http;
using KissChat.Lorebooks.CreateLorebook;
using KissChat.Lorebooks.Data;
using KissChat.Lorebooks.Formats;
using Microsoft.AspNetCore.Mvc;

namespace KissChat.Lorebooks.ImportLorebook;

/// <summary>
/// Creates a lorebook from SillyTavern's world info, a Character Card V2/V3 <c>character_book</c>, a whole card carrying
/// one, or a NovelAI, Agnai or RisuAI lorebook, checked against the same rules as a book written here.
/// </summary>
internal sealed class ImportLorebookEndpoint(KissChatDbContext db, CurrentUser me, TimeProvider clock)
    : EndpointWithoutRequest<Results<Created<MessageDataResponse<LorebookView>>, ProblemHttpResult, ValidationProblem>>
{
    private static readonly CreateLorebookValidator Rules = new();

    public override void Configure()
    {
        Post("/import");
        Group<LorebooksGroup>();
        Options(b => b.WithMetadata(new RequestSizeLimitAttribute(LorebookLimits.ImportBytes)));
        Description(b => b.WithName("ImportLorebook").Accepts<FileUploadForm>("multipart/form-data", "*/*").ProducesProblems(400, 409, 413, 415));
        Summary(s =>
        {
            s.Summary = "Import a lorebook: SillyTavern world info ({\"entries\": {\"0\": {…}}}), a card's character_book, a card carrying one, or a NovelAI, Agnai or RisuAI lorebook.";
            s.Description = "Upload the JSON file as the multipart/form-data field 'file', or send its JSON as the application/json body; up to 10 MB. "
                + "It is named by ?name=; else SillyTavern world info after the uploaded file (as SillyTavern names worlds), else by its own name, "
                + "and any other book by its own name (a card's, for a card), else after the uploaded file; else \"" + LorebookFile.DefaultName + "\".";
        });
    }

    public override async Task<Results<Created<MessageDataResponse<LorebookView>>, ProblemHttpResult, ValidationProblem>> ExecuteAsync(CancellationToken ct)
    {
        var (bytes, fileName, uploadProblem) = await FileUpload.ReadAsync(HttpContext.Request, "the lorebook (a JSON file)", ct);
        if (uploadProblem is not null)
        {
            return uploadProblem;
        }

        if (PngChunks.IsPng(bytes))
        {
            return Problems.BadRequest("A PNG card's lorebook comes in with its character (character/import); here, send the book's or the card's JSON.");
        }

        if (!JsonFile.TryParse(bytes, "The lorebook is not valid JSON", "The lorebook must be a JSON object.", out var file, out var error))
        {
            return Problems.BadRequest(error);
        }

        if (LorebookFile.Read(file, UploadNames.Of(fileName, LorebookLimits.Name)) is not { } book)
        {
            return Problems.BadRequest("This is not a lorebook: send SillyTavern world info, a card's character_book, a card that has one, or a NovelAI, Agnai or RisuAI lorebook.");
        }

        var name = Query<string>("name", isRequired: false) is { Length: > 0 } given ? given : book.Name;
        var request = new CreateLorebookRequest(name, book.Description, book.ScanDepth, book.TokenBudget, book.RecursiveScanning, book.Entries);
        var validation = await Rules.ValidateAsync(request, ct);
        if (!validation.IsValid)
        {
            return FileProblems.Invalid(validation);
        }

        var (saved, problem) = await CreateLorebookEndpoint.SaveNewAsync(db, me.Id, clock, request, ct);
        return saved is null ? problem! : CreateLorebookEndpoint.Created(saved, "Lorebook imported.");
    }
}

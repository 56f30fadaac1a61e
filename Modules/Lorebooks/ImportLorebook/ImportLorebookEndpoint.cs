using FastEndpoints;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Files;
using KissChat.Kernel.Http;
using KissChat.Lorebooks.Contracts;
using KissChat.Lorebooks.CreateLorebook;
using KissChat.Lorebooks.Data;
using KissChat.Lorebooks.Formats;
using Microsoft.AspNetCore.Mvc;

namespace KissChat.Lorebooks.ImportLorebook;

/// <summary>
/// Creates a lorebook from SillyTavern's world info, a Character Card V2/V3 <c>character_book</c>, a whole card carrying
/// one, or a NovelAI (its JSON, or its PNG), Agnai or RisuAI lorebook, checked against the same rules as a book written here.
/// </summary>
internal sealed class ImportLorebookEndpoint(KissChatDbContext db, CurrentUser me, TimeProvider clock)
    : EndpointWithoutRequest<Results<Created<MessageDataResponse<LorebookView>>, ProblemHttpResult, ValidationProblem>>
{
    private static readonly CreateLorebookValidator Rules = new();

    public override void Configure()
    {
        Post("/import");
        Group<LorebooksGroup>();
        Options(b => b.WithMetadata(new RequestSizeLimitAttribute(LorebookLimits.ImportBytes)).RequireRateLimiting(RateLimits.Imports));
        Description(b => b.WithName("ImportLorebook").Accepts<FileUploadForm>("multipart/form-data", "*/*").ProducesProblems(400, 409, 413, 415));
        Summary(s =>
        {
            s.Summary = "Import a lorebook: SillyTavern world info ({\"entries\": {\"0\": {…}}}), a card's character_book, a card carrying one, or a NovelAI (JSON or PNG), Agnai or RisuAI lorebook.";
            s.Description = "Upload the JSON file as the multipart/form-data field 'file', or send its JSON as the application/json body; up to 10 MB. "
                + "A PNG is read as SillyTavern reads one: the NovelAI lorebook in its '" + LorebookPng.Keyword + "' chunk (a character card's PNG is refused: its book comes with the character). "
                + "It is named by ?name=; else SillyTavern world info after the uploaded file (as SillyTavern names worlds), else by its own name, "
                + "and any other book by its own name (a card's, for a card), else after the uploaded file; else \"" + LorebookFile.DefaultName + "\".";
        });
    }

    public override async Task<Results<Created<MessageDataResponse<LorebookView>>, ProblemHttpResult, ValidationProblem>> ExecuteAsync(CancellationToken ct)
    {
        var (bytes, fileName, uploadProblem) = await FileUpload.ReadAsync(HttpContext.Request, "the lorebook (a JSON file, or a NovelAI lorebook PNG)", ct);
        if (uploadProblem is not null)
        {
            return uploadProblem;
        }

        var named = UploadNames.Of(fileName, LorebookLimits.Name);
        var (book, problem) = PngChunks.IsPng(bytes) ? FromPng(bytes, named) : FromJson(bytes, named);
        if (book is null)
        {
            return problem!;
        }

        var name = Query<string>("name", isRequired: false) is { Length: > 0 } given ? given : book.Name;
        var request = new CreateLorebookRequest(name, book.Description, book.ScanDepth, book.TokenBudget, book.RecursiveScanning, book.Entries);
        var validation = await Rules.ValidateAsync(request, ct);
        if (!validation.IsValid)
        {
            return FileProblems.Invalid(validation);
        }

        var (saved, notSaved) = await CreateLorebookEndpoint.SaveNewAsync(db, me.Id, clock, request, ct);
        return saved is null ? notSaved! : CreateLorebookEndpoint.Created(saved, "Lorebook imported.");
    }

    private static (LoreBook? Book, ProblemHttpResult? Problem) FromPng(byte[] png, string? fileName) =>
        LorebookPng.TryRead(png, fileName ?? LorebookFile.DefaultName, out var book, out var error) ? (book, null) : (null, Problems.BadRequest(error));

    private static (LoreBook? Book, ProblemHttpResult? Problem) FromJson(byte[] json, string? fileName)
    {
        if (!JsonFile.TryParse(json, "The lorebook is not valid JSON", "The lorebook must be a JSON object.", out var file, out var error))
        {
            return (null, Problems.BadRequest(error));
        }

        return LorebookFile.Read(file, fileName) is { } book
            ? (book, null)
            : (null, Problems.BadRequest("This is not a lorebook: send SillyTavern world info, a card's character_book, a card that has one, or a NovelAI, Agnai or RisuAI lorebook."));
    }
}

using FluentValidation;
using KissChat.Characters.Cards;
using KissChat.Characters.CreateCharacter;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;

namespace KissChat.Characters.ImportCharacter;

internal static class ImportCharacterEndpoint
{
    /// <summary>A PNG card is mostly picture: a few megabytes is normal, well over the API's usual body limit.</summary>
    public const long MaxUploadBytes = 10 * 1024 * 1024;

    private const string FileField = "file";

    /// <summary>
    /// Creates a private character from a V2 or V3 card, checked against the same rules as one created by hand;
    /// whatever the card carries that we have no column for is kept, so exporting gives the card back.
    /// </summary>
    public static async Task<Results<Created<MessageDataResponse<CharacterView>>, ProblemHttpResult, ValidationProblem>> Handle(
        HttpRequest request, CurrentUser me, KissChatDbContext db, IValidator<CreateCharacterRequest> validator, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var (file, uploadProblem) = await ReadUploadAsync(request, cancellationToken);
        if (uploadProblem is not null)
        {
            return uploadProblem;
        }

        if (!CardFile.TryRead(file, out var card, out var error))
        {
            return Problems.BadRequest(error);
        }

        if (!CardImport.TryRead(card, out var imported, out var errors))
        {
            return Invalid(errors);
        }

        var validation = await validator.ValidateAsync(imported.Request, cancellationToken);
        if (!validation.IsValid)
        {
            return Invalid(validation.Errors
                .Select(e => CardFields.ToCardError(e.PropertyName, e.ErrorMessage))
                .GroupBy(e => e.Path)
                .ToDictionary(g => g.Key, g => g.Select(e => e.Message).Distinct().ToArray()));
        }

        var character = CreateCharacterEndpoint.New(imported.Request, me.Id, clock);
        character.CardExtras = imported.Extras;
        return await CreateCharacterEndpoint.SaveAsync(character, db, cancellationToken) is { } problem
            ? problem
            : CreateCharacterEndpoint.Created(character, "Character imported.");
    }

    /// <summary>The card's bytes: the JSON body itself, or the uploaded file; or why there are none.</summary>
    private static async Task<(byte[] File, ProblemHttpResult? Problem)> ReadUploadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream();
        if (request.HasJsonContentType())
        {
            await request.Body.CopyToAsync(content, cancellationToken);
            return (content.ToArray(), null);
        }

        if (!request.HasFormContentType)
        {
            return ([], Problems.Create(
                StatusCodes.Status415UnsupportedMediaType,
                $"Send the card as application/json, or as multipart/form-data with the PNG or JSON file in a '{FileField}' field."));
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is InvalidDataException or (IOException and not BadHttpRequestException))
        {
            // No boundary, or a body cut short. The body limit's BadHttpRequestException is an IOException too: it keeps its 413.
            return ([], Problems.BadRequest("The upload is not valid multipart/form-data."));
        }

        if (form.Files.GetFile(FileField) is not { } upload)
        {
            return ([], Problems.BadRequest($"Attach the card (a PNG or JSON file) in a form field named '{FileField}'."));
        }

        await upload.CopyToAsync(content, cancellationToken);
        return (content.ToArray(), null);
    }

    private static ValidationProblem Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, detail: string.Join(" ", errors.Values.Select(v => v[0])));
}

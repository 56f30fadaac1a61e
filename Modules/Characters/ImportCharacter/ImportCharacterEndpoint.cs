using System.Globalization;
using System.Text.Json.Nodes;
using FastEndpoints;
using KissChat.Characters.Cards;
using KissChat.Characters.CreateCharacter;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Files;
using KissChat.Kernel.Http;
using Microsoft.AspNetCore.Mvc;

namespace KissChat.Characters.ImportCharacter;

/// <summary>
/// Creates a private character from a V1, V2 or V3 card, Pygmalion's JSON or text-generation-webui's YAML. The card is
/// kept as written, so exporting gives it back; a PNG card's picture (a CharX file's icon) becomes the character's avatar.
/// </summary>
internal sealed class ImportCharacterEndpoint(KissChatDbContext db, AvatarStore avatars, DecodePlaces decodePlaces, CurrentUser me, TimeProvider clock)
    : EndpointWithoutRequest<Results<Created<MessageDataResponse<CharacterView>>, ProblemHttpResult, ValidationProblem>>
{
    private static readonly CardCharacterValidator Rules = new();

    public override void Configure()
    {
        Post("/import");
        Group<CharactersGroup>();
        Options(b => b.WithMetadata(new RequestSizeLimitAttribute(CardFile.MaxBytes)).RequireRateLimiting(RateLimits.Imports));
        Description(b => b
            .WithName("ImportCharacter")
            // Any content type reaches the handler, which reads both kinds of body and words the 415 for the rest itself;
            // accepting only these two would let routing answer a bare 415 first.
            .Accepts<FileUploadForm>("multipart/form-data", "*/*")
            .ProducesProblems(400, 409, 413, 415));
        Summary(s =>
        {
            s.Summary = "Import a Character Card V1, V2 or V3 (SillyTavern, chub; JSON, PNG or CharX), Pygmalion's character JSON or text-generation-webui's character YAML, as a new private character; a PNG card's picture or a CharX file's icon becomes its avatar.";
            s.Description = "Upload a PNG, CharX or JSON card file, or a text-generation-webui character file named *.yaml or *.yml (its name, context "
                + "and greeting are read, as SillyTavern reads them; aliases are refused), as the multipart/form-data field 'file', or send the card's JSON itself as the "
                + "application/json body; up to 10 MB either way. Other content types are refused with 415. The card's text is kept as "
                + "written (each text member up to 200,000 characters) and exported back unchanged. A PNG card's picture (a CharX file's icon) is re-encoded "
                + string.Create(CultureInfo.InvariantCulture, $"without metadata and must be at most {AvatarImages.MaxSide} pixels a side and {AvatarImages.MaxPixels:N0} pixels in all.");
        });
    }

    public override async Task<Results<Created<MessageDataResponse<CharacterView>>, ProblemHttpResult, ValidationProblem>> ExecuteAsync(CancellationToken ct)
    {
        var (file, fileName, uploadProblem) = await FileUpload.ReadAsync(HttpContext.Request, "the card (a PNG, CharX, JSON or YAML file)", ct);
        if (uploadProblem is not null)
        {
            return uploadProblem;
        }

        // As SillyTavern tells them: a YAML character file by its name, a card by its content.
        var oobabooga = OobaboogaYaml.IsYaml(fileName);
        JsonObject? card;
        byte[]? picture = null;
        string? error;
        if (oobabooga ? !OobaboogaYaml.TryRead(file, out card, out error) : !CardFile.TryRead(file, out card, out picture, out error))
        {
            return Problems.BadRequest(error);
        }

        if (!CardImport.TryRead(card, oobabooga, out var imported, out var errors))
        {
            return FileProblems.Invalid(errors);
        }

        var validation = await Rules.ValidateAsync(imported.Character, ct);
        if (!validation.IsValid)
        {
            return FileProblems.Invalid(validation.Errors
                .Select(e => imported.InCard(e.PropertyName, e.ErrorMessage))
                .GroupBy(e => e.Path)
                .ToDictionary(g => g.Key, g => g.Select(e => e.Message).Distinct().ToArray()));
        }

        string? avatarUrl = null;
        if (picture is not null)
        {
            using var turn = decodePlaces.TryTurn(me.Id);
            if (turn is null)
            {
                return DecodePlaces.Busy();
            }

            (avatarUrl, error) = await avatars.SaveAsync(picture, "The card's picture", turn, ct);
            if (avatarUrl is null)
            {
                return Problems.BadRequest(error!);
            }
        }

        var character = NewCharacters.From(imported.Character, me.Id, clock);
        character.CardExtras = imported.Card;
        character.AvatarUrl = avatarUrl;
        var saved = false;
        try
        {
            if (await NewCharacters.SaveAsync(character, db, ct) is { } problem)
            {
                return problem;
            }

            saved = true;
        }
        finally
        {
            if (!saved)
            {
                avatars.Delete(avatarUrl);
            }
        }

        return NewCharacters.Created(character, "Character imported.");
    }
}

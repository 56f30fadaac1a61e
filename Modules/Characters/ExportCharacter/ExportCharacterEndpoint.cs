using FastEndpoints;
using KissChat.Characters.Cards;
using KissChat.Characters.Data;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Files;
using KissChat.Kernel.Http;
using KissChat.Users.Contracts;

namespace KissChat.Characters.ExportCharacter;

/// <summary>
/// One of your characters as a card file: JSON of the chosen version (3 unless asked), or a PNG carrying both
/// versions so that apps reading only V2 can import it too, whose picture is the character's avatar.
/// </summary>
internal sealed class ExportCharacterEndpoint(KissChatDbContext db, AvatarStore avatars, DecodePlaces decodePlaces, IUserProfiles profiles, CurrentUser me)
    : Endpoint<ExportCharacterRequest, Results<FileContentHttpResult, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/export/{id}");
        Group<CharactersGroup>();
        Description(b => b
            .WithName("ExportCharacter")
            .Produces(StatusCodes.Status200OK, typeof(byte[]), "application/json", "image/png")
            .ProducesProblems(403, 404));
        Summary(s =>
        {
            s.Summary = "Download one of your characters as a character card: format=json (default) or png, version=3 (default) or 2.";
            s.Description = "A PNG card's picture is the character's uploaded or imported avatar converted to PNG, or a plain placeholder "
                + "portrait when it has none (or only an external avatar URL). A PNG asked for while another of your images is being "
                + "processed (an upload, another PNG download) is refused with 429 and Retry-After.";
            s.RequestParam(r => r.Format, "'json' (the default) or 'png', in any case.");
            s.RequestParam(r => r.Version, "The card version of a JSON download: '3' (the default) or '2'. A PNG carries both.");
            s.ResponseHeaders.Add(new ResponseHeader(StatusCodes.Status200OK, "Content-Disposition")
            {
                Description = "attachment, with a file name made from the character's name: <name>.json or <name>.png.",
            });
        });
    }

    public override async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExecuteAsync(ExportCharacterRequest request, CancellationToken ct)
    {
        var (outcome, character) = await CharacterAccessRules.FindOwnAsync(db, request.Id, me.Id, ct);
        if (character is null)
        {
            return CharacterProblems.For(outcome);
        }

        var name = SafeFileNames.From(character.Name, "character");
        var creator = (await profiles.UsernamesAsync([me.Id], ct)).GetValueOrDefault(me.Id) ?? "";
        if (!request.AsPng)
        {
            return TypedResults.File(CardFile.ToJson(CardExport.Build(character, request.CardVersion, creator)), "application/json", $"{name}.json");
        }

        // As an upload does: one image of a user's in hand at a time, so parallel downloads cannot each hold one.
        using var turn = decodePlaces.TryTurn(me.Id);
        if (turn is null)
        {
            return DecodePlaces.Busy();
        }

        return TypedResults.File(await CardExport.PngAsync(character, creator, avatars, turn, ct), "image/png", $"{name}.png");
    }

}

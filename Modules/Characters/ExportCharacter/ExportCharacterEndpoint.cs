using System.Text.RegularExpressions;
using KissChat.Characters.Cards;
using KissChat.Characters.Data;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;

namespace KissChat.Characters.ExportCharacter;

internal static partial class ExportCharacterEndpoint
{
    /// <summary>
    /// One of your characters as a card file: JSON of the chosen version (3 unless asked), or a PNG carrying both
    /// versions so that apps reading only V2 can import it too.
    /// </summary>
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Handle(
        Guid id, string? format, string? version, CurrentUser me, KissChatDbContext db, CancellationToken cancellationToken)
    {
        bool? png = format?.ToLowerInvariant() switch
        {
            null or "json" => false,
            "png" => true,
            _ => null,
        };
        CardVersion? cardVersion = version switch
        {
            null or "3" => CardVersion.V3,
            "2" => CardVersion.V2,
            _ => null,
        };
        if (png is null || cardVersion is null)
        {
            return Problems.BadRequest(png is null ? "'format' must be json or png." : "'version' must be 2 or 3.");
        }

        var (outcome, character) = await CharacterAccessRules.FindOwnAsync(db, id, me.Id, cancellationToken);
        if (character is null)
        {
            return CharacterProblems.For(outcome);
        }

        var name = FileName(character.Name);
        return png.Value
            ? TypedResults.File(
                CardFile.ToPng(CardExport.Build(character, CardVersion.V2), CardExport.Build(character, CardVersion.V3)), "image/png", $"{name}.png")
            : TypedResults.File(CardFile.ToJson(CardExport.Build(character, cardVersion.Value)), "application/json", $"{name}.json");
    }

    /// <summary>Letters, digits and dashes from the name, so the download is safe to save on any system.</summary>
    private static string FileName(string characterName) =>
        UnsafeRuns().Replace(characterName, "_").Trim('_') is { Length: > 0 } name ? name[..Math.Min(name.Length, 80)] : "character";

    [GeneratedRegex(@"[^\p{L}\p{N}-]+")]
    private static partial Regex UnsafeRuns();
}

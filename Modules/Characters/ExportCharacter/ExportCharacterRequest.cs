using System.Text.Json.Serialization;
using FastEndpoints;
using FluentValidation;
using KissChat.Characters.Cards;

namespace KissChat.Characters.ExportCharacter;

/// <param name="Id">The character, from the route: it must be your own.</param>
internal sealed record ExportCharacterRequest(Guid Id, string? Format, string? Version)
{
    [JsonIgnore]
    public bool AsPng => string.Equals(Format, "png", StringComparison.OrdinalIgnoreCase);

    [JsonIgnore]
    public CardVersion CardVersion => Version == "2" ? CardVersion.V2 : CardVersion.V3;
}

internal sealed class ExportCharacterValidator : Validator<ExportCharacterRequest>
{
    public ExportCharacterValidator()
    {
        RuleFor(r => r.Format)
            .Must(format => format is null || string.Equals(format, "json", StringComparison.OrdinalIgnoreCase) || string.Equals(format, "png", StringComparison.OrdinalIgnoreCase))
            .WithMessage("'format' must be json or png.");
        RuleFor(r => r.Version)
            .Must(version => version is null or "2" or "3")
            .WithMessage("'version' must be 2 or 3.");
    }
}

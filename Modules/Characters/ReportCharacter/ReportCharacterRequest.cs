using FastEndpoints;
using FluentValidation;
using KissChat.Characters.Data;
using KissChat.Kernel.Validation;

namespace KissChat.Characters.ReportCharacter;

/// <param name="Id">The character, from the route: a public one of someone else's that you may see.</param>
/// <param name="Reason">unmarked_nsfw, minor, illegal, harassment, spam, copyright or other.</param>
/// <param name="Details">What administrators should know, up to 2000 characters.</param>
internal sealed record ReportCharacterRequest(Guid Id, string? Reason, string? Details);

internal sealed class ReportCharacterValidator : Validator<ReportCharacterRequest>
{
    public ReportCharacterValidator()
    {
        RuleFor(r => r.Reason)
            .Must(reason => reason is not null && ReportReasons.All.Contains(reason))
            .WithMessage($"'reason' must be one of {string.Join(", ", ReportReasons.All)}.");
        RuleFor(r => r.Details).Prose(ReportReasons.DetailsLength);
    }
}

/// <param name="Status">open until an administrator resolves it.</param>
internal sealed record ReportView(Guid ReportId, Guid CharacterId, string Reason, string? Details, string Status, DateTime CreatedAt);

using FastEndpoints;
using FluentValidation;
using KissChat.Lorebooks.Contracts;
using KissChat.Lorebooks.Editing;

namespace KissChat.Lorebooks.UpdateLorebook;

/// <summary>Changes what it sends; a field left out or null stays (send "" to clear the description).</summary>
/// <param name="Id">The lorebook, from the route.</param>
/// <param name="Entries">Replaces every entry when sent.</param>
internal sealed record UpdateLorebookRequest(
    Guid Id, string? Name, string? Description, int? ScanDepth, int? TokenBudget, bool? RecursiveScanning, IReadOnlyList<LoreEntry?>? Entries)
    : ILorebookFields;

internal sealed class UpdateLorebookValidator : Validator<UpdateLorebookRequest>
{
    public UpdateLorebookValidator()
    {
        RuleFor(r => r)
            .Must(r => r.Name is not null || r.Description is not null || r.ScanDepth is not null || r.TokenBudget is not null
                || r.RecursiveScanning is not null || r.Entries is not null)
            .OverridePropertyName("body")
            .WithMessage("Send at least one field to change.");
        Include(new LorebookFieldsValidator());
    }
}

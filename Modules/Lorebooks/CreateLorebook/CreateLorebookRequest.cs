using FastEndpoints;
using FluentValidation;
using KissChat.Lorebooks.Contracts;
using KissChat.Lorebooks.Editing;

namespace KissChat.Lorebooks.CreateLorebook;

/// <param name="Entries">Its entries; none by default.</param>
internal sealed record CreateLorebookRequest(string? Name, string? Description, int? ScanDepth, int? TokenBudget, bool? RecursiveScanning, IReadOnlyList<LoreEntry?>? Entries)
    : ILorebookFields;

internal sealed class CreateLorebookValidator : Validator<CreateLorebookRequest>
{
    public CreateLorebookValidator()
    {
        RuleFor(r => r.Name).NotEmpty();
        Include(new LorebookFieldsValidator());
    }
}

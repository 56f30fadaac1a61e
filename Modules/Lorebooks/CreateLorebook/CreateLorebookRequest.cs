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
        // Present; a blank one is refused by the fields' own rule, with one message.
        RuleFor(r => r.Name).NotNull();
        Include(new LorebookFieldsValidator());
    }
}

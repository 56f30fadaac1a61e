using System.Text.Encodings.Web;
using System.Text.Json;
using FluentValidation;
using KissChat.Kernel.Files;
using KissChat.Kernel.Validation;
using KissChat.Lorebooks.Contracts;
using KissChat.Lorebooks.Data;

namespace KissChat.Lorebooks.Editing;

/// <summary>What a client writes to a lorebook; create requires a name, update changes only what it sends.</summary>
internal interface ILorebookFields
{
    string? Name { get; }

    string? Description { get; }

    int? ScanDepth { get; }

    int? TokenBudget { get; }

    bool? RecursiveScanning { get; }

    IReadOnlyList<LoreEntry?>? Entries { get; }
}

/// <summary>The rules every write of a lorebook obeys; a field an update leaves out is null here and passes.</summary>
internal sealed class LorebookFieldsValidator : AbstractValidator<ILorebookFields>
{
    public LorebookFieldsValidator()
    {
        RuleFor(r => r.Name)
            .Must(n => !TextRules.IsBlank(n)).WithMessage("'name' must not be blank.")
            .SingleLine(LorebookLimits.Name)
            .When(r => r.Name is not null);
        RuleFor(r => r.Description).Prose(LorebookLimits.Description);
        RuleFor(r => r.ScanDepth).InclusiveBetween(0, LorebookLimits.MaxScanDepth).When(r => r.ScanDepth is not null);
        RuleFor(r => r.TokenBudget).InclusiveBetween(1, LorebookLimits.MaxTokenBudget).When(r => r.TokenBudget is not null);
        RuleFor(r => r.Entries)
            .Must(e => e!.Count <= LorebookLimits.Entries).WithMessage($"'entries' may hold at most {LorebookLimits.Entries} entries.")
            .When(r => r.Entries is not null);
        RuleForEach(r => r.Entries).NotNull().WithMessage("An entry must be an object.").SetValidator(new LoreEntryValidator()!);
    }
}

internal sealed class LoreEntryValidator : AbstractValidator<LoreEntry>
{
    public LoreEntryValidator()
    {
        RuleFor(e => e.Content).NotNull().Prose(LorebookLimits.Content);
        RuleFor(e => e.Comment).Prose(LorebookLimits.Comment);
        RuleFor(e => e.Keys).Cascade(CascadeMode.Stop).NotNull().Must(k => k.Count <= LorebookLimits.Keys).WithMessage($"An entry may have at most {LorebookLimits.Keys} keys.");
        RuleFor(e => e.SecondaryKeys).Cascade(CascadeMode.Stop).NotNull().Must(k => k.Count <= LorebookLimits.Keys).WithMessage($"An entry may have at most {LorebookLimits.Keys} secondary keys.");
        RuleForEach(e => e.Keys).Must((entry, key) => Usable(entry, key)).WithMessage((entry, key) => KeyProblem(entry, key) ?? "");
        RuleForEach(e => e.SecondaryKeys).Must((entry, key) => Usable(entry, key)).WithMessage((entry, key) => KeyProblem(entry, key) ?? "");
        RuleFor(e => e.SelectiveLogic).Must(l => SelectiveLogics.All.Contains(l))
            .WithMessage($"'selective_logic' must be one of: {string.Join(", ", SelectiveLogics.All)}.");
        RuleFor(e => e.Position).Must(p => LorePositions.All.Contains(p))
            .WithMessage($"'position' must be one of: {string.Join(", ", LorePositions.All)}.");
        RuleFor(e => e.Role).Must(r => LoreRoles.All.Contains(r))
            .WithMessage($"'role' must be one of: {string.Join(", ", LoreRoles.All)}.");
        RuleFor(e => e.Depth).InclusiveBetween(0, LorebookLimits.MaxDepth);
        RuleFor(e => e.Probability).InclusiveBetween(0, 100);
        RuleFor(e => e.Extensions).Cascade(CascadeMode.Stop)
            .Must(JsonFile.HasWholeText).WithMessage($"'extensions' {JsonFile.BrokenJson}.")
            .Must(x => x!.ToJsonString(AsWritten).Length <= LorebookLimits.Extensions).WithMessage($"'extensions' may take at most {LorebookLimits.Extensions} characters as JSON.")
            .When(e => e.Extensions is not null);
    }

    /// <summary>Counted as stored, not with every non-ASCII character escaped six times over.</summary>
    private static readonly JsonSerializerOptions AsWritten = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static bool Usable(LoreEntry entry, string? key) => KeyProblem(entry, key) is null;

    private static string? KeyProblem(LoreEntry entry, string? key) => key switch
    {
        { Length: > LorebookLimits.KeyLength } => $"A key may have at most {LorebookLimits.KeyLength} characters.",
        _ when key?.Any(c => char.IsControl(c)) == true => "A key must not contain control characters.",
        _ => LoreKeys.Problem(key, entry.UseRegex),
    };
}

internal static class LoreEntries
{
    /// <summary>The entries as stored: ids stay when they are unique (exports key entries by id), else become positions.</summary>
    public static IReadOnlyList<LoreEntry> Normalize(IReadOnlyList<LoreEntry?> entries)
    {
        var given = entries.OfType<LoreEntry>().ToList();
        return given.Select(e => e.Id).Distinct().Count() == given.Count ? given : [.. given.Select((e, i) => e with { Id = i })];
    }
}

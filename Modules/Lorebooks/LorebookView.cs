using KissChat.Lorebooks.Contracts;
using KissChat.Lorebooks.Data;

namespace KissChat.Lorebooks;

/// <summary>A lorebook as the API shows it.</summary>
internal sealed record LorebookView(
    Guid Id, string Name, string? Description, int? ScanDepth, int? TokenBudget, bool RecursiveScanning, IReadOnlyList<LoreEntry> Entries, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static LorebookView From(Lorebook book) =>
        new(book.Id, book.Name, book.Description, book.ScanDepth, book.TokenBudget, book.RecursiveScanning, book.Entries, book.CreatedAt, book.UpdatedAt);
}

/// <summary>A lorebook in a list: what it is, not its entries.</summary>
internal sealed record LorebookSummary(Guid Id, string Name, string? Description, int EntryCount, DateTime CreatedAt, DateTime UpdatedAt);

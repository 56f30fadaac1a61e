using KissChat.Kernel.Database;
using KissChat.Lorebooks.Contracts;

namespace KissChat.Lorebooks.Data;

/// <summary>A user's standalone lorebook; its entries are one JSON column, since a book is always read and written whole.</summary>
internal sealed class Lorebook : IOwnedRecord
{
    public Guid Id { get; init; }

    public Guid UserId { get; init; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    public int? ScanDepth { get; set; }

    public int? TokenBudget { get; set; }

    public bool RecursiveScanning { get; set; }

    public IReadOnlyList<LoreEntry> Entries { get; set; } = [];

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; set; }

    public LoreBook ToBook() => new(Name, Description, ScanDepth, TokenBudget, RecursiveScanning, Entries, Id);
}

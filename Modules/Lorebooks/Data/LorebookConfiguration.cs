using System.Text.Json;
using KissChat.Kernel.Identity;
using KissChat.Lorebooks.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace KissChat.Lorebooks.Data;

internal sealed class LorebookConfiguration : IEntityTypeConfiguration<Lorebook>
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private static readonly ValueConverter<IReadOnlyList<LoreEntry>, string> EntriesAsJson = new(
        entries => JsonSerializer.Serialize(entries, Json),
        json => JsonSerializer.Deserialize<List<LoreEntry>>(json, Json) ?? new List<LoreEntry>());

    // Compared entry by entry: without a comparer EF would compare the list by reference. Entries are records, but the
    // lists they hold (keys) compare by reference, so an entry rebuilt with the same keys counts as changed: a write more.
    private static readonly ValueComparer<IReadOnlyList<LoreEntry>> EntriesByValue = new(
        (left, right) => left!.SequenceEqual(right!),
        entries => entries.Count,
        entries => entries.ToList());

    public void Configure(EntityTypeBuilder<Lorebook> builder)
    {
        builder.ToTable("lorebooks");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Name).HasMaxLength(LorebookLimits.Name);
        builder.Property(b => b.Description).HasMaxLength(LorebookLimits.Description);
        builder.Property(b => b.Entries).HasConversion(EntriesAsJson, EntriesByValue);
        builder.HasIndex(b => new { b.UserId, b.UpdatedAt });
        builder.HasOne<AppUser>().WithMany().HasForeignKey(b => b.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

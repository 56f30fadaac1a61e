using KissChat.Kernel.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KissChat.Users.Data;

internal sealed class CoinLedgerEntryConfiguration : IEntityTypeConfiguration<CoinLedgerEntry>
{
    public const int ReasonLength = 16;
    public const int NoteLength = 200;

    public void Configure(EntityTypeBuilder<CoinLedgerEntry> builder)
    {
        builder.ToTable("coin_ledger");
        builder.HasKey(e => e.Id);
        // A user's history, newest first.
        builder.HasIndex(e => new { e.UserId, e.Id });
        builder.Property(e => e.Reason).HasMaxLength(ReasonLength);
        builder.Property(e => e.Note).HasMaxLength(NoteLength);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

using KissChat.Kernel.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KissChat.Characters.Data;

internal sealed class CharacterReportConfiguration : IEntityTypeConfiguration<CharacterReport>
{
    public void Configure(EntityTypeBuilder<CharacterReport> builder)
    {
        builder.ToTable("character_reports");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Reason).HasMaxLength(ReportReasons.MaxLength);
        builder.Property(r => r.Details).HasMaxLength(ReportReasons.DetailsLength);
        builder.Property(r => r.Status).HasMaxLength(ReportStatus.MaxLength);
        builder.Property(r => r.Resolution).HasMaxLength(ReportStatus.MaxLength);
        // The review queue, oldest first (ids grow with time); and one open report per reporter and character (resolved ones may repeat).
        builder.HasIndex(r => new { r.Status, r.Id });
        builder.HasIndex(r => new { r.CharacterId, r.ReporterId }).IsUnique().HasFilter("status = 'open'");
        builder.HasOne<Character>().WithMany().HasForeignKey(r => r.CharacterId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(r => r.ReporterId).OnDelete(DeleteBehavior.Cascade);
    }
}

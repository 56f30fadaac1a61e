using KissChat.Kernel.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KissChat.Jobs.Data;

internal sealed class JobConfiguration : IEntityTypeConfiguration<Job>
{
    public void Configure(EntityTypeBuilder<Job> builder)
    {
        builder.ToTable("jobs");
        builder.HasKey(j => j.Id);
        builder.Property(j => j.Kind).HasMaxLength(64);
        builder.Property(j => j.Status).HasMaxLength(16);
        builder.Property(j => j.LockedBy).HasMaxLength(64);
        builder.Property(j => j.Error).HasMaxLength(2000);
        builder.HasIndex(j => new { j.Status, j.CreatedAt });
        builder.HasIndex(j => new { j.SubjectId, j.Status });
        builder.HasIndex(j => j.UserId);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(j => j.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

using KissChat.Jobs.Contracts;
using KissChat.Kernel.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KissChat.Jobs.Data;

internal sealed class JobConfiguration : IEntityTypeConfiguration<Job>
{
    // The same words as the queries' filter (EF writes the two statuses as this IN list), which SQLite needs to use the index.
    private const string Unfinished = $"status IN ('{JobStatus.Waiting}', '{JobStatus.Active}')";

    public void Configure(EntityTypeBuilder<Job> builder)
    {
        builder.ToTable("jobs");
        builder.HasKey(j => j.Id);
        builder.Property(j => j.Kind).HasMaxLength(64);
        builder.Property(j => j.Status).HasMaxLength(16);
        builder.Property(j => j.LockedBy).HasMaxLength(64);
        builder.Property(j => j.Error).HasMaxLength(2000);
        builder.Property(j => j.Tokens).HasDefaultValue(0);
        builder.Property(j => j.IdempotencyKey).HasMaxLength(RequestKey.MaxLength);
        builder.Property(j => j.RequestHash).HasMaxLength(64);
        builder.HasIndex(j => new { j.Status, j.CreatedAt });
        builder.HasIndex(j => j.UserId);
        // Unfinished jobs only: jobs are kept after they end, and every reply's start looks its user's and chat's up (0017).
        builder.HasIndex(j => new { j.UserId, j.Kind }).HasFilter(Unfinished);
        builder.HasIndex(j => j.SubjectId).HasFilter(Unfinished);
        builder.HasIndex(j => new { j.UserId, j.IdempotencyKey }).IsUnique().HasFilter("idempotency_key IS NOT NULL");
        builder.HasOne<AppUser>().WithMany().HasForeignKey(j => j.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

using KissChat.Kernel.Identity;
using KissChat.Personas.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KissChat.Personas.Data;

internal sealed class PersonaConfiguration : IEntityTypeConfiguration<Persona>
{
    public void Configure(EntityTypeBuilder<Persona> builder)
    {
        builder.ToTable("personas");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Name).HasMaxLength(PersonaLimits.Name);
        builder.Property(p => p.Description).HasMaxLength(PersonaLimits.Description);
        builder.Property(p => p.AvatarUrl).HasMaxLength(PersonaLimits.AvatarUrl);
        builder.Property(p => p.BackupKey).HasMaxLength(PersonaLimits.BackupKey);
        builder.Property(p => p.DescriptionPosition).HasMaxLength(16).HasDefaultValue(PersonaPositions.InPrompt);
        // 0 (after the last message) is a depth like any other: the sentinel is one no depth is, so every depth is written.
        builder.Property(p => p.DescriptionDepth).HasDefaultValue(PersonaPositions.DefaultDepth).HasSentinel(-1);
        builder.Property(p => p.DescriptionRole).HasMaxLength(16).HasDefaultValue(PersonaPositions.SystemRole);
        builder.HasIndex(p => new { p.UserId, p.CreatedAt });
        builder.HasOne<AppUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

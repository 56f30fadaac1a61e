using KissChat.Kernel.Identity;
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
        builder.HasIndex(p => new { p.UserId, p.CreatedAt });
        builder.HasOne<AppUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

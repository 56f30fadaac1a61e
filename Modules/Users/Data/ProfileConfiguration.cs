using KissChat.Kernel.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KissChat.Users.Data;

internal sealed class ProfileConfiguration : IEntityTypeConfiguration<Profile>
{
    public void Configure(EntityTypeBuilder<Profile> builder)
    {
        builder.ToTable("profiles");
        builder.HasKey(p => p.UserId);
        builder.Property(p => p.Email).HasMaxLength(256);
        builder.Property(p => p.Username).HasMaxLength(ProfileLimits.Username);
        builder.Property(p => p.NormalizedUsername).HasMaxLength(ProfileLimits.Username);
        builder.HasIndex(p => p.NormalizedUsername).IsUnique();
        builder.Property(p => p.AvatarUrl).HasMaxLength(ProfileLimits.AvatarUrl);
        builder.Property(p => p.Status).HasMaxLength(ProfileLimits.Status);
        builder.Property(p => p.Bio).HasMaxLength(ProfileLimits.Bio);
        // A default as in the script, which added the column to existing rows.
        builder.Property(p => p.ShowNsfw).HasDefaultValue(false);
        builder.HasOne<AppUser>().WithOne().HasForeignKey<Profile>(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

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
        builder.Property(p => p.AvatarUrl).HasMaxLength(ProfileLimits.AvatarUrl);
        builder.Property(p => p.Status).HasMaxLength(ProfileLimits.Status);
        builder.HasOne<AppUser>().WithOne().HasForeignKey<Profile>(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

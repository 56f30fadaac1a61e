using KissChat.Kernel.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KissChat.Admin.Data;

internal sealed class AdministratorConfiguration : IEntityTypeConfiguration<Administrator>
{
    public void Configure(EntityTypeBuilder<Administrator> builder)
    {
        builder.ToTable("administrators");
        builder.HasKey(a => a.UserId);
        builder.HasOne<AppUser>().WithOne().HasForeignKey<Administrator>(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(a => a.PromotedBy).OnDelete(DeleteBehavior.SetNull);
    }
}

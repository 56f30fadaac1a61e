using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KissChat.Auth.Data;

internal sealed class UnknownEmailFailuresConfiguration : IEntityTypeConfiguration<UnknownEmailFailures>
{
    public void Configure(EntityTypeBuilder<UnknownEmailFailures> builder)
    {
        builder.ToTable("unknown_email_failures");
        builder.HasKey(f => f.EmailHash);
        builder.Property(f => f.EmailHash).HasMaxLength(UnknownEmailFailures.EmailHashLength);
    }
}

using KissChat.Kernel.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KissChat.Characters.Data;

internal sealed class CharacterLikeConfiguration : IEntityTypeConfiguration<CharacterLike>
{
    public void Configure(EntityTypeBuilder<CharacterLike> builder)
    {
        builder.ToTable("character_likes");
        builder.HasKey(l => new { l.CharacterId, l.UserId });
        // "What I liked", newest first.
        builder.HasIndex(l => new { l.UserId, l.CreatedAt });
        builder.HasOne<Character>().WithMany().HasForeignKey(l => l.CharacterId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(l => l.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

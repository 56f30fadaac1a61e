using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KissChat.Characters.Data;

internal sealed class CharacterChatDayConfiguration : IEntityTypeConfiguration<CharacterChatDay>
{
    public void Configure(EntityTypeBuilder<CharacterChatDay> builder)
    {
        builder.ToTable("character_chat_days");
        builder.HasKey(d => new { d.CharacterId, d.Day });
        builder.HasOne<Character>().WithMany().HasForeignKey(d => d.CharacterId).OnDelete(DeleteBehavior.Cascade);
    }
}

using KissChat.Characters.Contracts;
using KissChat.Chats.Pinning;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KissChat.Chats.Data;

internal sealed class ChatMemberPinConfiguration : IEntityTypeConfiguration<ChatMemberPin>
{
    public void Configure(EntityTypeBuilder<ChatMemberPin> builder)
    {
        builder.ToTable("chat_member_pins");
        builder.HasKey(p => new { p.ChatId, p.CharacterId });
        // Goes with its member: with the group chat, and with the character when it is deleted.
        builder.HasOne<ChatMember>().WithMany().HasForeignKey(p => new { p.ChatId, p.CharacterId }).OnDelete(DeleteBehavior.Cascade);
        builder.Property(p => p.Card).HasConversion(card => PinnedCards.Write(card), json => PinnedCards.Read(json), JsonColumns.ByJson<CharacterCard>());
    }
}

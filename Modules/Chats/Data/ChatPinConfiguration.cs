using KissChat.Characters.Contracts;
using KissChat.Chats.Pinning;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KissChat.Chats.Data;

internal sealed class ChatPinConfiguration : IEntityTypeConfiguration<ChatPin>
{
    public void Configure(EntityTypeBuilder<ChatPin> builder)
    {
        builder.ToTable("chat_pins");
        builder.HasKey(p => p.ChatId);
        builder.HasOne<Chat>().WithMany().HasForeignKey(p => p.ChatId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(p => p.Card).HasConversion(card => PinnedCards.Write(card), json => PinnedCards.Read(json), JsonColumns.ByJson<CharacterCard>());
    }
}

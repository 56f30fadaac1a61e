using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KissChat.Chats.Data;

internal sealed class ChatMessageConfiguration : IEntityTypeConfiguration<ChatMessage>
{
    public void Configure(EntityTypeBuilder<ChatMessage> builder)
    {
        builder.ToTable("chat_messages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Role).HasMaxLength(16);
        builder.Property(m => m.Status).HasMaxLength(16).HasDefaultValue(MessageStatus.Complete);
        builder.Property(m => m.SwipeIndex).HasDefaultValue(0);
        builder.Property(m => m.Hidden).HasDefaultValue(false);
        builder.HasIndex(m => new { m.ChatId, m.Seq }).IsUnique();
        builder.HasOne<Chat>().WithMany().HasForeignKey(m => m.ChatId).OnDelete(DeleteBehavior.Cascade);
    }
}

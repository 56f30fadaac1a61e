using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KissChat.Chats.Data;

internal sealed class MessageSwipeConfiguration : IEntityTypeConfiguration<MessageSwipe>
{
    public void Configure(EntityTypeBuilder<MessageSwipe> builder)
    {
        builder.ToTable("message_swipes");
        builder.HasKey(s => new { s.MessageId, s.Index });
        builder.Property(s => s.Status).HasMaxLength(16);
        builder.HasOne<ChatMessage>().WithMany().HasForeignKey(s => s.MessageId).OnDelete(DeleteBehavior.Cascade);
    }
}

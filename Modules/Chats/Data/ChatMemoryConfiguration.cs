using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KissChat.Chats.Data;

internal sealed class ChatMemoryConfiguration : IEntityTypeConfiguration<ChatMemory>
{
    public void Configure(EntityTypeBuilder<ChatMemory> builder)
    {
        builder.ToTable("chat_memories");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.LastError).HasMaxLength(ChatMemory.MaxErrorLength);
        builder.HasIndex(m => m.ChatId).IsUnique();
        // The retry sweep looks for failed and stale summaries that are due.
        builder.HasIndex(m => m.RetryAt);
        builder.HasOne<Chat>().WithMany().HasForeignKey(m => m.ChatId).OnDelete(DeleteBehavior.Cascade);
    }
}

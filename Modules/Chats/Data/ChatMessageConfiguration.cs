using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KissChat.Chats.Data;

internal sealed class ChatMessageConfiguration : IEntityTypeConfiguration<ChatMessage>
{
    private const string PromptedFilter = $"role <> '{ChatRoles.System}' AND NOT hidden AND content <> ''";

    public void Configure(EntityTypeBuilder<ChatMessage> builder)
    {
        builder.ToTable("chat_messages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Role).HasMaxLength(16);
        builder.Property(m => m.Status).HasMaxLength(16).HasDefaultValue(MessageStatus.Complete);
        builder.Property(m => m.SwipeIndex).HasDefaultValue(0);
        builder.Property(m => m.Hidden).HasDefaultValue(false);
        builder.HasIndex(m => new { m.ChatId, m.Seq }).IsUnique();
        // What a model reads as history (Prompt.ModelHistory), which every reply of a long chat counts (0030).
        builder.HasIndex(m => new { m.ChatId, m.Seq }, "prompted").HasFilter(PromptedFilter);
        builder.HasOne<Chat>().WithMany().HasForeignKey(m => m.ChatId).OnDelete(DeleteBehavior.Cascade);
    }
}

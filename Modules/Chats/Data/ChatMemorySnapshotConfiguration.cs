using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KissChat.Chats.Data;

internal sealed class ChatMemorySnapshotConfiguration : IEntityTypeConfiguration<ChatMemorySnapshot>
{
    public void Configure(EntityTypeBuilder<ChatMemorySnapshot> builder)
    {
        builder.ToTable("chat_memory_snapshots");
        builder.HasKey(s => new { s.MemoryId, s.ThroughSeq });
        // Goes with its memory, which goes with its chat.
        builder.HasOne<ChatMemory>().WithMany().HasForeignKey(s => s.MemoryId).OnDelete(DeleteBehavior.Cascade);
    }
}

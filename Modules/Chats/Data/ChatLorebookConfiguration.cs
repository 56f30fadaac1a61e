using KissChat.Lorebooks.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KissChat.Chats.Data;

internal sealed class ChatLorebookConfiguration : IEntityTypeConfiguration<ChatLorebook>
{
    public void Configure(EntityTypeBuilder<ChatLorebook> builder)
    {
        builder.ToTable("chat_lorebooks");
        builder.HasKey(l => new { l.ChatId, l.LorebookId });
        builder.HasOne<Chat>().WithMany().HasForeignKey(l => l.ChatId).OnDelete(DeleteBehavior.Cascade);
        // By name: the lorebook entity is the Lorebooks module's own. Deleting a lorebook takes it out of every chat.
        builder.HasOne(LorebookModel.EntityTypeName, navigationName: null).WithMany().HasForeignKey(nameof(ChatLorebook.LorebookId)).OnDelete(DeleteBehavior.Cascade);
    }
}

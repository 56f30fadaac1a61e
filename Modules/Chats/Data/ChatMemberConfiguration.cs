using KissChat.Characters.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KissChat.Chats.Data;

internal sealed class ChatMemberConfiguration : IEntityTypeConfiguration<ChatMember>
{
    public void Configure(EntityTypeBuilder<ChatMember> builder)
    {
        builder.ToTable("chat_members");
        builder.HasKey(m => new { m.ChatId, m.CharacterId });
        builder.HasOne<Chat>().WithMany().HasForeignKey(m => m.ChatId).OnDelete(DeleteBehavior.Cascade);
        // By name: the character entity is the Characters module's own. A deleted character leaves the group; the lines
        // it spoke keep its id.
        builder.HasOne(CharacterModel.EntityTypeName, navigationName: null).WithMany().HasForeignKey(nameof(ChatMember.CharacterId)).OnDelete(DeleteBehavior.Cascade);
    }
}

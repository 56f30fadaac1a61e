using KissChat.Characters.Contracts;
using KissChat.Kernel.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KissChat.Chats.Data;

internal sealed class ChatConfiguration : IEntityTypeConfiguration<Chat>
{
    public void Configure(EntityTypeBuilder<Chat> builder)
    {
        builder.ToTable("chats");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Title).HasMaxLength(Chat.MaxTitleLength);
        builder.HasIndex(c => new { c.UserId, c.UpdatedAt });
        builder.HasIndex(c => c.CharacterId);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        // By name: the character entity is the Characters module's own. Deleting a public character must not
        // take other people's conversations with it, so their chats only lose the link (the author's own chats
        // are deleted by OwnChatsGoWithTheCharacter).
        builder.HasOne(CharacterModel.EntityTypeName, navigationName: null).WithMany().HasForeignKey(nameof(Chat.CharacterId)).OnDelete(DeleteBehavior.SetNull);
    }
}

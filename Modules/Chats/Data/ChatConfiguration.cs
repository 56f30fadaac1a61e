using KissChat.Characters.Contracts;
using KissChat.Kernel.Identity;
using KissChat.Personas.Contracts;
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
        builder.Property(c => c.AuthorNote).HasMaxLength(ChatDefaults.MaxAuthorNoteLength);
        // A default in the model as in the script: SQLite can only add a NOT NULL column to existing rows with one.
        // EF leaves a property out of an INSERT when it holds the sentinel (the CLR default, 0, unless told), and 0 (after
        // the last message) is a depth like any other: the sentinel is one no depth is, so every depth is written.
        builder.Property(c => c.AuthorNoteDepth).HasDefaultValue(ChatDefaults.AuthorNoteDepth).HasSentinel(-1);
        builder.Property(c => c.AuthorNotePlacement).HasConversion(JsonColumns.AsJson<AuthorNotePlacement>(), JsonColumns.ByJson<AuthorNotePlacement>());
        builder.Property(c => c.Settings).HasConversion(JsonColumns.AsJson<ChatSettings>(), JsonColumns.ByJson<ChatSettings>());
        builder.Property(c => c.LoreTimers).HasConversion(JsonColumns.AsJson<LoreTimers>(), JsonColumns.ByJson<LoreTimers>());
        builder.Property(c => c.GroupStrategy).HasMaxLength(16);
        builder.Property(c => c.IsFavorite).HasDefaultValue(false);
        builder.Property(c => c.Folder).HasMaxLength(Chat.MaxFolderLength);
        // Not on UpdatedAt: every reply writes it twice, and an index on it kept PostgreSQL from updating the row in place (script 0019).
        builder.HasIndex(c => c.UserId);
        builder.HasIndex(c => c.CharacterId);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        // By name: the character entity is the Characters module's own. Deleting a public character must not
        // take other people's conversations with it, so their chats only lose the link (the author's own chats
        // are deleted by OwnChatsGoWithTheCharacter).
        builder.HasOne(CharacterModel.EntityTypeName, navigationName: null).WithMany().HasForeignKey(nameof(Chat.CharacterId)).OnDelete(DeleteBehavior.SetNull);
        // A deleted persona leaves its chats to the user's default one.
        // A branch outlives the chat and the message it was taken from.
        builder.HasOne<Chat>().WithMany().HasForeignKey(c => c.BranchedFromChatId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<ChatMessage>().WithMany().HasForeignKey(c => c.BranchedFromMessageId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(PersonaModel.EntityTypeName, navigationName: null).WithMany().HasForeignKey(nameof(Chat.PersonaId)).OnDelete(DeleteBehavior.SetNull);
    }
}

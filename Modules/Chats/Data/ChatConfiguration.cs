using System.Text.Json;
using KissChat.Characters.Contracts;
using KissChat.Kernel.Identity;
using KissChat.Personas.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace KissChat.Chats.Data;

internal sealed class ChatConfiguration : IEntityTypeConfiguration<Chat>
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public void Configure(EntityTypeBuilder<Chat> builder)
    {
        builder.ToTable("chats");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Title).HasMaxLength(Chat.MaxTitleLength);
        builder.Property(c => c.AuthorNote).HasMaxLength(ChatDefaults.MaxAuthorNoteLength);
        // A default in the model as in the script: SQLite can only add a NOT NULL column to existing rows with one.
        builder.Property(c => c.AuthorNoteDepth).HasDefaultValue(ChatDefaults.AuthorNoteDepth);
        builder.Property(c => c.Settings).HasConversion(AsJson<ChatSettings>(), ByJson<ChatSettings>());
        builder.Property(c => c.GroupStrategy).HasMaxLength(16);
        builder.Property(c => c.IsFavorite).HasDefaultValue(false);
        builder.Property(c => c.Folder).HasMaxLength(Chat.MaxFolderLength);
        builder.HasIndex(c => new { c.UserId, c.UpdatedAt });
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

    private static ValueConverter<T?, string?> AsJson<T>()
        where T : class =>
        new(value => value == null ? null : JsonSerializer.Serialize(value, Json), json => json == null ? null : JsonSerializer.Deserialize<T>(json, Json));

    // Records holding lists compare those by reference; their JSON compares by value.
    private static ValueComparer<T?> ByJson<T>()
        where T : class =>
        new(
            (left, right) => JsonSerializer.Serialize(left, Json) == JsonSerializer.Serialize(right, Json),
            value => JsonSerializer.Serialize(value, Json).GetHashCode(StringComparison.Ordinal),
            value => value == null ? null : JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value, Json), Json));
}

using KissChat.Kernel.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace KissChat.Characters.Data;

internal sealed class CharacterConfiguration : IEntityTypeConfiguration<Character>
{
    // Tags and alternate greetings are JSON text columns; see TagsColumn for why, and how the public library filters on tags.
    private static readonly ValueConverter<IReadOnlyList<string>, string> StringsAsJson = new(
        strings => TagsColumn.ToJson(strings),
        json => TagsColumn.FromJson(json));

    // Without a comparer EF would compare the list by reference and miss in-place changes.
    private static readonly ValueComparer<IReadOnlyList<string>> StringsByValue = new(
        (left, right) => left!.SequenceEqual(right!),
        tags => tags.Aggregate(0, (hash, tag) => HashCode.Combine(hash, tag)),
        tags => tags.ToList());

    public void Configure(EntityTypeBuilder<Character> builder)
    {
        builder.ToTable("characters");
        builder.HasKey(c => c.Id);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        // One index per listing, in its order: mine newest first, the public library newest, most chatted or most liked first.
        builder.HasIndex(c => new { c.UserId, c.CreatedAt, c.Id });
        builder.HasIndex(c => new { c.Visibility, c.CreatedAt, c.Id });
        builder.HasIndex(c => new { c.Visibility, c.ChatCount, c.CreatedAt, c.Id });
        builder.HasIndex(c => new { c.Visibility, c.LikeCount, c.CreatedAt, c.Id });

        builder.Property(c => c.Name).HasMaxLength(CharacterLimits.CardText);
        builder.Property(c => c.Gender).HasMaxLength(CharacterLimits.Short);
        builder.Property(c => c.Heritage).HasMaxLength(CharacterLimits.Short);
        builder.Property(c => c.SkinTone).HasMaxLength(CharacterLimits.Short);
        builder.Property(c => c.EyeColor).HasMaxLength(CharacterLimits.Short);
        builder.Property(c => c.HairColor).HasMaxLength(CharacterLimits.Short);
        builder.Property(c => c.Hairstyle).HasMaxLength(CharacterLimits.Short);
        builder.Property(c => c.BodyType).HasMaxLength(CharacterLimits.Short);
        builder.Property(c => c.BreastSize).HasMaxLength(CharacterLimits.Short);
        builder.Property(c => c.ButtSize).HasMaxLength(CharacterLimits.Short);
        builder.Property(c => c.Occupation).HasMaxLength(CharacterLimits.Short);

        builder.Property(c => c.Voice).HasMaxLength(CharacterLimits.Phrase);
        builder.Property(c => c.Hobbies).HasMaxLength(CharacterLimits.Phrase);

        // What cards carry: as long as a card's text may be.
        builder.Property(c => c.PublicDescription).HasMaxLength(CharacterLimits.CardText);
        builder.Property(c => c.Personality).HasMaxLength(CharacterLimits.CardText);
        builder.Property(c => c.Scenario).HasMaxLength(CharacterLimits.CardText);
        builder.Property(c => c.Greeting).HasMaxLength(CharacterLimits.CardText);
        builder.Property(c => c.MesExample).HasMaxLength(CharacterLimits.CardText);
        builder.Property(c => c.PostHistoryInstructions).HasMaxLength(CharacterLimits.CardText);
        builder.Property(c => c.CreatorNotes).HasMaxLength(CharacterLimits.CardText);
        builder.Property(c => c.SystemInstruction).HasMaxLength(CharacterLimits.CardText);

        builder.Property(c => c.Backstory).HasMaxLength(CharacterLimits.Long);
        builder.Property(c => c.BehaviorPreferences).HasMaxLength(CharacterLimits.Long);
        builder.Property(c => c.CustomPhysicalTraits).HasMaxLength(CharacterLimits.Long);
        builder.Property(c => c.CustomDescriptions).HasMaxLength(CharacterLimits.Long);

        builder.Property(c => c.AvatarUrl).HasMaxLength(CharacterLimits.AvatarUrl);
        builder.Property(c => c.Tags).HasConversion(StringsAsJson, StringsByValue);

        // Defaults in the model as in the scripts: these columns were added after rows existed, and SQLite can only
        // add a NOT NULL column to existing rows with a default.
        builder.Property(c => c.Visibility).HasMaxLength(CharacterVisibility.MaxLength).HasDefaultValue(CharacterVisibility.Private);
        builder.Property(c => c.ChatCount).HasDefaultValue(0);
        builder.Property(c => c.AlternateGreetings).HasConversion(StringsAsJson, StringsByValue).HasDefaultValue(Array.Empty<string>());
        builder.Property(c => c.Nsfw).HasDefaultValue(false);
        builder.Property(c => c.DefinitionVisibility).HasMaxLength(DefinitionVisibility.MaxLength).HasDefaultValue(DefinitionVisibility.Public);
        builder.Property(c => c.LikeCount).HasDefaultValue(0);
        builder.Property(c => c.HiddenReason).HasMaxLength(CharacterLimits.HiddenReason);
    }
}

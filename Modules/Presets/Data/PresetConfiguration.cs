using System.Text.Json;
using KissChat.Inference.Contracts;
using KissChat.Kernel.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace KissChat.Presets.Data;

internal sealed class PresetConfiguration : IEntityTypeConfiguration<Preset>
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private static readonly ValueConverter<GenerationSettings, string> SettingsAsJson = new(
        settings => JsonSerializer.Serialize(settings, Json),
        json => JsonSerializer.Deserialize<GenerationSettings>(json, Json) ?? new GenerationSettings());

    // A record compares by value, except its stop list, which is compared by its JSON.
    private static readonly ValueComparer<GenerationSettings> SettingsByValue = new(
        (left, right) => JsonSerializer.Serialize(left, Json) == JsonSerializer.Serialize(right, Json),
        settings => JsonSerializer.Serialize(settings, Json).GetHashCode(StringComparison.Ordinal),
        settings => settings.Over(null));

    public void Configure(EntityTypeBuilder<Preset> builder)
    {
        builder.ToTable("presets");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Name).HasMaxLength(Preset.NameLength);
        builder.Property(p => p.Settings).HasConversion(SettingsAsJson, SettingsByValue);
        builder.HasIndex(p => new { p.UserId, p.CreatedAt });
        builder.HasOne<AppUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

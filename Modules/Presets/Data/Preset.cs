using KissChat.Kernel.Database;
using KissChat.Inference.Contracts;

namespace KissChat.Presets.Data;

/// <summary>Named generation settings a user saves to apply to chats (<c>settings.preset_id</c>).</summary>
internal sealed class Preset : IOwnedRecord
{
    public Guid Id { get; init; }

    public Guid UserId { get; init; }

    public required string Name { get; set; }

    public GenerationSettings Settings { get; set; } = new();

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; set; }

    public const int NameLength = 100;

    /// <summary>An account's presets are listed whole: a bound keeps that cheap (as personas have).</summary>
    public const int PerUser = 1000;
}

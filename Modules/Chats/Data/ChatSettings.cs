using KissChat.Inference.Contracts;

namespace KissChat.Chats.Data;

/// <summary>A chat's generation settings: its own values, and a preset whose values apply where it sets none.</summary>
/// <param name="PresetId">One of your presets (<c>preset/list</c>).</param>
internal sealed record ChatSettings : GenerationSettings
{
    public Guid? PresetId { get; init; }
}

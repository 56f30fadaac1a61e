using KissChat.Inference.Contracts;

namespace KissChat.Presets.Contracts;

/// <summary>What the Chats module may ask of saved presets.</summary>
public interface IPresets
{
    /// <summary>The settings of the user's preset; null when it is gone or not theirs.</summary>
    Task<GenerationSettings?> FindAsync(Guid presetId, Guid userId, CancellationToken cancellationToken);
}

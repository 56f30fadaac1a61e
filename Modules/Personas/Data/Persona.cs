using KissChat.Kernel.Database;
using KissChat.Personas.Contracts;
namespace KissChat.Personas.Data;

/// <summary>Someone the user plays in chats: a name, a description for the model, and a picture for the frontend.</summary>
internal sealed class Persona : IOwnedRecord
{
    public Guid Id { get; init; }

    public Guid UserId { get; init; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    public string? AvatarUrl { get; set; }

    /// <summary>Where the description goes in the prompt (<see cref="PersonaPositions"/>).</summary>
    public string DescriptionPosition { get; set; } = PersonaPositions.InPrompt;

    public int DescriptionDepth { get; set; } = PersonaPositions.DefaultDepth;

    public string DescriptionRole { get; set; } = PersonaPositions.SystemRole;

    /// <summary>
    /// The key a SillyTavern backup brought it in under (its avatar's file name, e.g. <c>1764629000-Ann.png</c>); null for a
    /// persona made here. SillyTavern's restore merges by that key, so the persona goes back out under it.
    /// </summary>
    public string? BackupKey { get; set; }

    /// <summary>How SillyTavern knows it, in the persona backup and a chat's persona lock: its <see cref="BackupKey"/>, else a key made of its id.</summary>
    public string SillyTavernKey => BackupKey ?? $"{Id}.png";

    /// <summary>At most one per user: the persona of chats that did not choose one.</summary>
    public bool IsDefault { get; set; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; set; }
}

internal static class PersonaLimits
{
    public const int Name = 100;

    public const int Description = 8000;

    public const int AvatarUrl = 2048;

    /// <summary>A file name's longest on the systems SillyTavern runs on: a longer key was never one of its avatars.</summary>
    public const int BackupKey = 255;

    /// <summary>An account's personas are listed, exported and chosen from whole: a bound keeps that cheap (SillyTavern's users keep a handful).</summary>
    public const int PerUser = 1000;
}

namespace KissChat.Characters.Data;

/// <summary>A user's report of a character for administrators to review; one open report per user and character.</summary>
internal sealed class CharacterReport
{
    public Guid Id { get; init; }

    public Guid CharacterId { get; init; }

    public Guid ReporterId { get; init; }

    /// <summary>One of <see cref="ReportReasons.All"/>.</summary>
    public required string Reason { get; init; }

    public string? Details { get; init; }

    /// <summary>One of <see cref="ReportStatus"/>.</summary>
    public string Status { get; set; } = ReportStatus.Open;

    public DateTime CreatedAt { get; init; }

    public DateTime? ResolvedAt { get; set; }

    /// <summary>The administrator who resolved it.</summary>
    public Guid? ResolvedBy { get; set; }

    /// <summary>What resolved it: one of the resolve actions (dismiss, hide_character, ban_user).</summary>
    public string? Resolution { get; set; }
}

internal static class ReportStatus
{
    public const string Open = Contracts.ReportStatuses.Open;

    public const string Resolved = Contracts.ReportStatuses.Resolved;

    public const int MaxLength = 16;

    /// <summary>How a resolved report was resolved, as stored and shown.</summary>
    public static string Resolution(Contracts.ReportAction action) => action switch
    {
        Contracts.ReportAction.HideCharacter => "hide_character",
        Contracts.ReportAction.BanUser => "ban_user",
        _ => "dismiss",
    };
}

internal static class ReportReasons
{
    public const int MaxLength = 32;

    public const int DetailsLength = 2000;

    /// <summary>What a report may say is wrong.</summary>
    public static readonly IReadOnlyList<string> All = ["unmarked_nsfw", "minor", "illegal", "harassment", "spam", "copyright", "other"];
}

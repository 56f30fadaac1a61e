using KissChat.Kernel.Statistics;

namespace KissChat.Characters.Contracts;

/// <summary>What administrators may do with characters and their reports.</summary>
public interface ICharacterModeration
{
    /// <summary>Reports with <paramref name="status"/> (<see cref="ReportStatuses"/>), oldest first, after the report <paramref name="after"/>.</summary>
    Task<ReportPage> ListReportsAsync(string status, Guid? after, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Resolves an open report, and with hide_character or ban_user every other open report of its character too.
    /// hide_character takes the character out of every public place, <paramref name="note"/> (or the report's reason)
    /// telling its author why; ban_user only resolves: banning the author is the caller's part, in the same transaction.
    /// </summary>
    Task<ReportResolution> ResolveReportAsync(Guid reportId, ReportAction action, Guid administratorId, string? note, CancellationToken cancellationToken);

    /// <summary>Marks a character NSFW or not, whoever made it; false when there is no such character.</summary>
    Task<bool> SetNsfwAsync(Guid characterId, bool nsfw, CancellationToken cancellationToken);

    /// <summary>Characters, by when they were created.</summary>
    Task<ActivityCount> CountCharactersAsync(ActivityWindows windows, CancellationToken cancellationToken);
}

public static class ReportStatuses
{
    public const string Open = "open";

    public const string Resolved = "resolved";
}

public enum ReportAction
{
    Dismiss,
    HideCharacter,
    BanUser,
}

public enum ReportResolutionOutcome
{
    Resolved,
    NotFound,
    AlreadyResolved,
}

/// <param name="CharacterOwnerId">The author of the reported character (for ban_user), when resolved.</param>
public sealed record ReportResolution(ReportResolutionOutcome Outcome, Guid? CharacterOwnerId);

public sealed record ReportPage(IReadOnlyList<ReportInfo> Reports, Guid? NextAfter);

/// <param name="Resolution">dismiss, hide_character or ban_user, once resolved.</param>
public sealed record ReportInfo(
    Guid Id,
    string Reason,
    string? Details,
    string Status,
    string? Resolution,
    Guid ReporterId,
    DateTime CreatedAt,
    DateTime? ResolvedAt,
    Guid? ResolvedBy,
    ReportedCharacter Character);

/// <param name="HiddenAt">When an administrator hid it, if they did.</param>
public sealed record ReportedCharacter(Guid Id, Guid OwnerId, string Name, string? PublicDescription, string Visibility, bool Nsfw, DateTime? HiddenAt, string? HiddenReason);

namespace KissChat.Admin.ListReports;

/// <param name="Resolution">dismiss, hide_character or ban_user, once resolved.</param>
internal sealed record AdminReport(
    Guid ReportId,
    string Reason,
    string? Details,
    string Status,
    string? Resolution,
    Guid ReporterId,
    string? Reporter,
    DateTime CreatedAt,
    DateTime? ResolvedAt,
    Guid? ResolvedBy,
    ReportedCharacterView Character);

/// <param name="Creator">The author's username.</param>
/// <param name="HiddenAt">When an administrator hid it, if they did.</param>
internal sealed record ReportedCharacterView(
    Guid CharacterId, Guid CharacterUserId, string? Creator, string Name, string? PublicDescription, string Visibility, bool Nsfw,
    DateTime? HiddenAt, string? HiddenReason);

internal sealed record AdminReportPage(IReadOnlyList<AdminReport> Data, string? NextCursor);

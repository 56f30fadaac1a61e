using KissChat.Characters.Contracts;
using KissChat.Characters.Data;
using KissChat.Kernel.Database;
using KissChat.Kernel.Statistics;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Characters.Moderation;

internal sealed class CharacterModeration(KissChatDbContext db, TimeProvider clock) : ICharacterModeration
{
    public async Task<ReportPage> ListReportsAsync(string status, Guid? after, int limit, CancellationToken cancellationToken)
    {
        var reports = db.Set<CharacterReport>().AsNoTracking().Where(r => r.Status == status);
        if (after is { } last)
        {
            reports = reports.Where(r => r.Id.CompareTo(last) > 0);
        }

        var rows = await (
                from report in reports
                join character in db.Set<Character>() on report.CharacterId equals character.Id
                orderby report.Id
                select new ReportInfo(
                    report.Id,
                    report.Reason,
                    report.Details,
                    report.Status,
                    report.Resolution,
                    report.ReporterId,
                    report.CreatedAt,
                    report.ResolvedAt,
                    report.ResolvedBy,
                    new ReportedCharacter(
                        character.Id, character.UserId, character.Name, character.PublicDescription, character.Visibility, character.Nsfw,
                        character.HiddenAt, character.HiddenReason)))
            .Take(limit + 1)
            .ToListAsync(cancellationToken);
        var page = rows.Take(limit).ToList();
        return new ReportPage(page, rows.Count > limit ? page[^1].Id : null);
    }

    public async Task<ReportResolution> ResolveReportAsync(
        Guid reportId, ReportAction action, Guid administratorId, string? note, CancellationToken cancellationToken)
    {
        var report = await db.Set<CharacterReport>().FirstOrDefaultAsync(r => r.Id == reportId, cancellationToken);
        if (report is null)
        {
            return new ReportResolution(ReportResolutionOutcome.NotFound, null);
        }

        if (report.Status != ReportStatus.Open)
        {
            return new ReportResolution(ReportResolutionOutcome.AlreadyResolved, null);
        }

        // Deleted since the report was read (its reports go with it).
        if (await db.Set<Character>().FirstOrDefaultAsync(c => c.Id == report.CharacterId, cancellationToken) is not { } character)
        {
            return new ReportResolution(ReportResolutionOutcome.NotFound, null);
        }

        var now = StoredTime.Now(clock);
        List<CharacterReport> resolved = action == ReportAction.Dismiss
            ? [report]
            : await db.Set<CharacterReport>().Where(r => r.CharacterId == character.Id && r.Status == ReportStatus.Open).ToListAsync(cancellationToken);
        foreach (var open in resolved)
        {
            open.Status = ReportStatus.Resolved;
            open.Resolution = ReportStatus.Resolution(action);
            open.ResolvedAt = now;
            open.ResolvedBy = administratorId;
        }

        if (action == ReportAction.HideCharacter)
        {
            character.HiddenAt = now;
            character.HiddenReason = string.IsNullOrWhiteSpace(note) ? $"Reported as {report.Reason.Replace('_', ' ')}." : note.Trim();
        }

        await db.SaveChangesAsync(cancellationToken);
        return new ReportResolution(ReportResolutionOutcome.Resolved, character.UserId);
    }

    public async Task<bool> SetNsfwAsync(Guid characterId, bool nsfw, CancellationToken cancellationToken) =>
        await db.Set<Character>().Where(c => c.Id == characterId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Nsfw, nsfw), cancellationToken) == 1;

    public Task<ActivityCount> CountCharactersAsync(ActivityWindows windows, CancellationToken cancellationToken) =>
        db.Set<Character>().CountActivityAsync(c => c.CreatedAt, windows, cancellationToken);
}

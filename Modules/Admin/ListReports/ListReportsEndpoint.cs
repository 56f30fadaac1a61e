using FastEndpoints;
using KissChat.Characters.Contracts;
using KissChat.Kernel.Endpoints;
using KissChat.Users.Contracts;

namespace KissChat.Admin.ListReports;

internal sealed class ListReportsEndpoint(ICharacterModeration moderation, IUserProfiles profiles) : Endpoint<ListReportsRequest, Ok<AdminReportPage>>
{
    public override void Configure()
    {
        Get("/reports");
        Group<AdminGroup>();
        Description(b => b.WithName("ListReports"));
        Summary(s => s.Summary = "Reports of characters, oldest first: the open ones to review (status=open, the default) or the resolved ones.");
    }

    public override async Task<Ok<AdminReportPage>> ExecuteAsync(ListReportsRequest request, CancellationToken ct)
    {
        var page = await moderation.ListReportsAsync(request.StatusOrOpen, request.After, request.Take, ct);
        var names = await profiles.UsernamesAsync(
            page.Reports.SelectMany(r => new[] { r.ReporterId, r.Character.OwnerId }).Distinct().ToList(), ct);
        var reports = page.Reports.Select(r => new AdminReport(
                r.Id,
                r.Reason,
                r.Details,
                r.Status,
                r.Resolution,
                r.ReporterId,
                names.GetValueOrDefault(r.ReporterId),
                r.CreatedAt,
                r.ResolvedAt,
                r.ResolvedBy,
                new ReportedCharacterView(
                    r.Character.Id, r.Character.OwnerId, names.GetValueOrDefault(r.Character.OwnerId), r.Character.Name, r.Character.PublicDescription,
                    r.Character.Visibility, r.Character.Nsfw, r.Character.HiddenAt, r.Character.HiddenReason)))
            .ToList();
        return TypedResults.Ok(new AdminReportPage(reports, page.NextAfter?.ToString("N")));
    }
}

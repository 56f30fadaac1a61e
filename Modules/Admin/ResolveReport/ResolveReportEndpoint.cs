using FastEndpoints;
using KissChat.Admin.Administrators;
using KissChat.Characters.Contracts;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;

namespace KissChat.Admin.ResolveReport;

/// <summary>The report, the character and the ban change in one transaction: a refused ban leaves the report open.</summary>
internal sealed class ResolveReportEndpoint(KissChatDbContext db, ICharacterModeration moderation, Bans bans, CurrentUser me)
    : Endpoint<ResolveReportRequest, Results<Ok<MessageDataResponse<ResolvedReport>>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/reports/{id}/resolve");
        Group<AdminGroup>();
        Description(b => b.WithName("ResolveReport").ProducesProblems(404, 409));
        Summary(s => s.Summary = "Resolve an open report: dismiss it, hide the character, or ban its author "
            + "(the last two resolve every open report of that character).");
    }

    public override async Task<Results<Ok<MessageDataResponse<ResolvedReport>>, ProblemHttpResult>> ExecuteAsync(ResolveReportRequest request, CancellationToken ct)
    {
        await using var write = await db.BeginWriteAsync(ct);
        var resolution = await moderation.ResolveReportAsync(request.Id, request.ReportAction, me.Id, request.Note, ct);
        switch (resolution.Outcome)
        {
            case ReportResolutionOutcome.NotFound:
                return Problems.NotFound("Report not found.");
            case ReportResolutionOutcome.AlreadyResolved:
                return Problems.Conflict("This report is already resolved.");
        }

        Guid? banned = null;
        if (request.ReportAction == ReportAction.BanUser)
        {
            var owner = resolution.CharacterOwnerId!.Value;
            var ban = await bans.BanAsync(owner, request.Note, ct);
            if (ban == BanOutcome.Administrator)
            {
                return Problems.Conflict("The character's author is an administrator, who cannot be banned.");
            }

            banned = owner;
        }

        await write.CommitAsync(CancellationToken.None);
        if (banned is { } userId)
        {
            await bans.EndSessionsAndWorkAsync(userId);
        }

        return TypedResults.Ok(new MessageDataResponse<ResolvedReport>("Report resolved.", new ResolvedReport(request.Id, request.Action!, banned)));
    }
}

using FastEndpoints;
using KissChat.Characters.Data;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;
using KissChat.Users.Contracts;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Characters.ReportCharacter;

/// <summary>One open report per user and character: a second one, until administrators resolve the first, is a 409.</summary>
internal sealed class ReportCharacterEndpoint(KissChatDbContext db, IUserProfiles profiles, CurrentUser me, TimeProvider clock)
    : Endpoint<ReportCharacterRequest, Results<Created<MessageDataResponse<ReportView>>, ProblemHttpResult>>
{
    private const string AlreadyReported = "You already reported this character; administrators will look at it.";

    public override void Configure()
    {
        Post("/{id}/report");
        Group<CharactersGroup>();
        Description(b => b.WithName("ReportCharacter").ProducesProblems(404, 409));
        Summary(s => s.Summary = "Report someone else's public character to the administrators: {reason, details}.");
    }

    public override async Task<Results<Created<MessageDataResponse<ReportView>>, ProblemHttpResult>> ExecuteAsync(
        ReportCharacterRequest request, CancellationToken ct)
    {
        var (refusal, character) = await CharacterAccessRules.FindReadableAsync(db, profiles, request.Id, me.Id, ct);
        if (character is null)
        {
            return CharacterProblems.For(refusal);
        }

        if (character.UserId == me.Id)
        {
            return Problems.BadRequest("You cannot report your own character; change or delete it instead.");
        }

        var report = new CharacterReport
        {
            Id = Guid.CreateVersion7(),
            CharacterId = character.Id,
            ReporterId = me.Id,
            Reason = request.Reason!,
            Details = string.IsNullOrWhiteSpace(request.Details) ? null : request.Details.Trim(),
            CreatedAt = StoredTime.Now(clock),
        };
        if (await db.Set<CharacterReport>().AnyAsync(r => r.CharacterId == character.Id && r.ReporterId == me.Id && r.Status == ReportStatus.Open, ct))
        {
            return Problems.Conflict(AlreadyReported);
        }

        try
        {
            db.Add(report);
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same report sent twice at once: the unique index on open reports kept one.
            return Problems.Conflict(AlreadyReported);
        }

        var view = new ReportView(report.Id, report.CharacterId, report.Reason, report.Details, report.Status, report.CreatedAt);
        return TypedResults.Created($"/api/v1/character/{character.Id}/report", new MessageDataResponse<ReportView>("Character reported.", view));
    }
}

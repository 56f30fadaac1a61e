using FastEndpoints;
using KissChat.Admin.Data;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Admin.PromoteUser;

/// <param name="Id">The account, from the route.</param>
internal sealed record PromoteUserRequest(Guid Id);

/// <summary>Idempotent: promoting an administrator again changes nothing.</summary>
internal sealed class PromoteUserEndpoint(KissChatDbContext db, Administrators.Administrators administrators, CurrentUser me, TimeProvider clock)
    : Endpoint<PromoteUserRequest, Results<Ok<MessageResponse>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/users/{id}/promote");
        Group<AdminGroup>();
        Description(b => b.WithName("PromoteUser").ProducesProblems(404, 409));
        Summary(s => s.Summary = "Make an account an administrator.");
    }

    public override async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> ExecuteAsync(PromoteUserRequest request, CancellationToken ct)
    {
        var account = await db.Users.Where(u => u.Id == request.Id).Select(u => new { u.BannedAt }).FirstOrDefaultAsync(ct);
        if (account is null)
        {
            return Problems.NotFound("User not found.");
        }

        if (account.BannedAt is not null)
        {
            return Problems.Conflict("A banned account cannot be an administrator.");
        }

        if (!await administrators.IsAdministratorAsync(request.Id, ct))
        {
            try
            {
                db.Add(new Administrator { UserId = request.Id, PromotedBy = me.Id, PromotedAt = clock.GetUtcNow().UtcDateTime });
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Promoted by someone else at the same moment: an administrator either way.
            }
        }

        return TypedResults.Ok(new MessageResponse("The account is an administrator."));
    }
}

using FastEndpoints;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;
using KissChat.Users.Contracts;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Admin.GrantCoins;

/// <summary>The balance and its ledger row change in one transaction, like every other coin change.</summary>
internal sealed class GrantCoinsEndpoint(KissChatDbContext db, ICredits credits, CurrentUser me)
    : Endpoint<GrantCoinsRequest, Results<Ok<MessageDataResponse<CoinGrant>>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/users/{id}/coins");
        Group<AdminGroup>();
        Description(b => b.WithName("GrantCoins").ProducesProblems(404, 409));
        Summary(s => s.Summary = "Give an account kiss coins, or take some back: {delta, reason}; recorded in its coin history.");
    }

    public override async Task<Results<Ok<MessageDataResponse<CoinGrant>>, ProblemHttpResult>> ExecuteAsync(GrantCoinsRequest request, CancellationToken ct)
    {
        var delta = request.Delta!.Value;
        await using var write = await db.BeginWriteAsync(ct);
        if (await credits.GrantAsync(request.Id, delta, request.Reason!.Trim(), me.Id, ct) is not { } balance)
        {
            return await db.Users.AnyAsync(u => u.Id == request.Id, ct)
                ? Problems.Conflict($"The balance cannot go below 0 or above {ICredits.MaxBalance}.")
                : Problems.NotFound("User not found.");
        }

        await db.SaveChangesAsync(ct);
        await write.CommitAsync(ct);
        return TypedResults.Ok(new MessageDataResponse<CoinGrant>("Coins granted.", new CoinGrant(request.Id, delta, balance)));
    }
}

using System.Globalization;
using FastEndpoints;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;
using KissChat.Users.Data;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Users.CoinHistory;

/// <param name="Balance">Your balance now: the sum of every entry.</param>
internal sealed record CoinHistoryPage(IReadOnlyList<CoinEntryView> Data, string? NextCursor, int Balance);

/// <param name="Delta">Coins added (positive) or taken (negative).</param>
/// <param name="Balance">The balance right after this change.</param>
/// <param name="Reason">signup, opening (the balance before the ledger began), reply, impersonation, refund or grant.</param>
/// <param name="ReferenceId">The chat of a reply or refund, the administrator of a grant.</param>
/// <param name="Note">An administrator's words for a grant.</param>
internal sealed record CoinEntryView(long Id, int Delta, int Balance, string Reason, Guid? ReferenceId, string? Note, DateTime CreatedAt);

internal sealed class CoinHistoryEndpoint(KissChatDbContext db, CurrentUser me) : Endpoint<CoinHistoryRequest, Ok<CoinHistoryPage>>
{
    public override void Configure()
    {
        Get("/coins/history");
        Group<UsersGroup>();
        Description(b => b.WithName("GetCoinHistory"));
        Summary(s => s.Summary = "Every change of your kiss coins, newest first, a page at a time: reply charges, refunds, grants.");
    }

    public override async Task<Ok<CoinHistoryPage>> ExecuteAsync(CoinHistoryRequest request, CancellationToken ct)
    {
        var before = request.Before;
        var rows = await db.Set<CoinLedgerEntry>().AsNoTracking()
            .Where(e => e.UserId == me.Id && e.Id < before)
            .OrderByDescending(e => e.Id)
            .Take(request.Take + 1)
            .Select(e => new CoinEntryView(e.Id, e.Delta, e.Balance, e.Reason, e.ReferenceId, e.Note, e.CreatedAt))
            .ToListAsync(ct);
        var page = rows.Take(request.Take).ToList();
        var next = rows.Count > request.Take ? page[^1].Id.ToString(CultureInfo.InvariantCulture) : null;
        var balance = await db.Set<Premium>().Where(p => p.UserId == me.Id).Select(p => p.KissCoins).FirstOrDefaultAsync(ct);
        return TypedResults.Ok(new CoinHistoryPage(page, next, balance));
    }
}

using FastEndpoints;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Files;
using KissChat.Kernel.Http;
using KissChat.Kernel.Identity;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Users.DeleteAccount;

/// <param name="Id">The account, from the route: it must be your own.</param>
internal sealed record DeleteAccountRequest(Guid Id);

/// <summary>
/// Deleting the account row removes everything it owns (every table references it with ON DELETE CASCADE), its
/// sessions included, so its access tokens stop working; the work under way for it is ended first (its replies
/// stopped), what other accounts rely on is kept in the same transaction (other people's chats with its public
/// characters pin them), and the uploaded avatars of the profile and of every module's rows go after it.
/// </summary>
internal sealed class DeleteAccountEndpoint(
    KissChatDbContext db,
    AvatarStore avatars,
    IEnumerable<IOwnedAvatars> ownedAvatars,
    IEnumerable<IAccountClosing> closings,
    IEnumerable<IAccountDeletion> deletions,
    ISessionCache sessionCache,
    SessionCookies cookies,
    CurrentUser me)
    : Endpoint<DeleteAccountRequest, Results<Ok<MessageResponse>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Delete("/delete/{id}");
        Group<UsersGroup>();
        Description(b => b.WithName("DeleteAccount").ProducesProblems(403));
        Summary(s => s.Summary = "Delete your account and everything it owns.");
    }

    public override async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> ExecuteAsync(DeleteAccountRequest request, CancellationToken ct)
    {
        if (request.Id != me.Id)
        {
            return Problems.Forbidden("You can only delete your own account.");
        }

        foreach (var closing in closings)
        {
            await closing.StopWorkAsync(me.Id, ct);
        }

        List<string> files = [];
        await using (var transaction = await db.BeginWriteAsync(ct))
        {
            // Read in the write's turn, so an upload that replaced one meanwhile is not missed (on SQLite; PostgreSQL's
            // row locks are not taken for a read: a file saved between this read and the delete is left to the sweep,
            // SweepUnreferencedAvatars).
            foreach (var owner in ownedAvatars)
            {
                files.AddRange(await owner.AvatarUrlsOfAsync(me.Id, ct));
            }

            foreach (var deletion in deletions)
            {
                await deletion.OnDeletingAsync(me.Id, ct);
            }

            await db.Users.Where(u => u.Id == me.Id).ExecuteDeleteAsync(ct);
            await transaction.CommitAsync(CancellationToken.None);
        }

        sessionCache.Forget(me.Id);
        files.ForEach(avatars.Delete);
        cookies.Clear(HttpContext.Response);
        return TypedResults.Ok(new MessageResponse("Account deleted."));
    }
}

using KissChat.Kernel.Database;
using KissChat.Kernel.Files;
using KissChat.Kernel.Http;
using KissChat.Users.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Users.DeleteAccount;

internal static class DeleteAccountEndpoint
{
    /// <summary>
    /// Deleting the account row removes everything it owns (every table references it with ON DELETE CASCADE);
    /// the uploaded avatars of the profile and of every module's rows go after it.
    /// </summary>
    public static async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> Handle(
        Guid id, CurrentUser me, KissChatDbContext db, AvatarStore avatars, IEnumerable<IOwnedAvatars> ownedAvatars, SessionCookies cookies, HttpResponse response, CancellationToken cancellationToken)
    {
        if (id != me.Id)
        {
            return Problems.Forbidden("You can only delete your own account.");
        }

        var files = new List<string?> { await db.Set<Profile>().Where(p => p.UserId == me.Id).Select(p => p.AvatarUrl).FirstOrDefaultAsync(cancellationToken) };
        foreach (var owner in ownedAvatars)
        {
            files.AddRange(await owner.AvatarUrlsOfAsync(me.Id, cancellationToken));
        }

        await db.Users.Where(u => u.Id == me.Id).ExecuteDeleteAsync(cancellationToken);
        files.ForEach(avatars.Delete);
        cookies.Clear(response);
        return TypedResults.Ok(new MessageResponse("Account deleted."));
    }
}

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
    /// <summary>Deleting the account row removes everything it owns: every table references it with ON DELETE CASCADE.</summary>
    public static async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> Handle(
        Guid id, CurrentUser me, KissChatDbContext db, AvatarStore avatars, SessionCookies cookies, HttpResponse response, CancellationToken cancellationToken)
    {
        if (id != me.Id)
        {
            return Problems.Forbidden("You can only delete your own account.");
        }

        var avatar = await db.Set<Profile>().Where(p => p.UserId == me.Id).Select(p => p.AvatarUrl).FirstOrDefaultAsync(cancellationToken);
        await db.Users.Where(u => u.Id == me.Id).ExecuteDeleteAsync(cancellationToken);
        avatars.Delete(avatar);
        cookies.Clear(response);
        return TypedResults.Ok(new MessageResponse("Account deleted."));
    }
}

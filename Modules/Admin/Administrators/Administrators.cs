using KissChat.Admin.Data;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Admin.Administrators;

/// <summary>Who is an administrator: an account whose email ADMIN_EMAILS lists, or one another administrator promoted.</summary>
internal sealed class Administrators(KissChatDbContext db, AdminSettings settings)
{
    public async Task<bool> IsAdministratorAsync(Guid userId, CancellationToken cancellationToken)
    {
        var account = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId && u.BannedAt == null)
            .Select(u => new { u.NormalizedEmail, Promoted = db.Set<Administrator>().Any(a => a.UserId == u.Id) })
            .FirstOrDefaultAsync(cancellationToken);
        return account is not null && (account.Promoted || (account.NormalizedEmail is { } email && settings.NormalizedEmails.Contains(email)));
    }
}

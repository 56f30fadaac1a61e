using KissChat.Auth.Sessions;
using KissChat.Kernel.Database;
using KissChat.Kernel.Identity;
using KissChat.Users.Contracts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Auth.Accounts;

/// <summary>Opens accounts for every way in (password, Google, Discord) so they all start out alike.</summary>
internal sealed class NewAccounts(UserManager<AppUser> users, IUserProfiles profiles, Sessions.Sessions sessions, KissChatDbContext db)
{
    /// <summary>
    /// Creates the account with <paramref name="createIdentity"/>, then its profile, premium row and first session:
    /// they land together or not at all.
    /// </summary>
    public async Task<AccountOpening> OpenAsync(
        string email, Func<AppUser, Task<IdentityResult>> createIdentity, HttpResponse response, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var user = new AppUser { Id = Guid.CreateVersion7(), UserName = email, Email = email };
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var created = await createIdentity(user);
                if (!created.Succeeded)
                {
                    return created.Errors.Any(e => e.Code is "DuplicateUserName" or "DuplicateEmail")
                        ? new AccountOpening.EmailTaken()
                        : new AccountOpening.Rejected(string.Join(" ", created.Errors.Select(e => e.Description)));
                }

                await profiles.AddNewUserAsync(user.Id, email, cancellationToken);
                var session = await sessions.StartAsync(user.Id, response, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return new AccountOpening.Opened(user.Id, session);
            }
            catch (DbUpdateException)
            {
                // Two openings raced past a check, and a unique index decided: for one email (taken), or for the same
                // free default username (the profile picks another on a second try).
                db.ChangeTracker.Clear();
                if (await users.FindByEmailAsync(email) is not null)
                {
                    return new AccountOpening.EmailTaken();
                }

                if (attempt == 2)
                {
                    throw;
                }
            }
        }
    }
}

internal abstract record AccountOpening
{
    public sealed record Opened(Guid UserId, SessionTokens Session) : AccountOpening;

    public sealed record EmailTaken : AccountOpening;

    public sealed record Rejected(string Reason) : AccountOpening;
}

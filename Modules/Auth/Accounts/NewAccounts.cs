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
    /// <param name="password">
    /// Checked and hashed before the transaction: the hash takes tens of milliseconds on purpose, and on SQLite every other
    /// writer of the process would wait that long for its turn.
    /// </param>
    public async Task<AccountOpening> OpenAsync(
        string email, string? password, Func<AppUser, Task<IdentityResult>> createIdentity, HttpResponse response, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var user = new AppUser { Id = Guid.CreateVersion7(), UserName = email, Email = email };
            if (password is not null && await SetPasswordAsync(user, password) is { Succeeded: false } weak)
            {
                return Rejected(weak);
            }

            try
            {
                await using var transaction = await db.BeginWriteAsync(cancellationToken);
                var created = await createIdentity(user);
                if (!created.Succeeded)
                {
                    return created.Errors.Any(e => e.Code is "DuplicateUserName" or "DuplicateEmail")
                        ? new AccountOpening.EmailTaken()
                        : Rejected(created);
                }

                await profiles.AddNewUserAsync(user.Id, email, cancellationToken);
                var session = await sessions.StartAsync(user.Id, response, cancellationToken);
                // Its cookies are written: a client that left meanwhile does not make them point at nothing.
                await transaction.CommitAsync(CancellationToken.None);
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

    /// <summary>What <see cref="UserManager{TUser}.CreateAsync(TUser, string)"/> does to the password, before its transaction.</summary>
    private async Task<IdentityResult> SetPasswordAsync(AppUser user, string password)
    {
        var errors = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
        {
            errors.AddRange((await validator.ValidateAsync(users, user, password)).Errors);
        }

        if (errors.Count > 0)
        {
            return IdentityResult.Failed([.. errors]);
        }

        user.PasswordHash = users.PasswordHasher.HashPassword(user, password);
        return IdentityResult.Success;
    }

    private static AccountOpening.Rejected Rejected(IdentityResult result) => new(string.Join(" ", result.Errors.Select(e => e.Description)));
}

internal abstract record AccountOpening
{
    public sealed record Opened(Guid UserId, SessionTokens Session) : AccountOpening;

    public sealed record EmailTaken : AccountOpening;

    public sealed record Rejected(string Reason) : AccountOpening;
}

using KissChat.Auth.Accounts;
using KissChat.Auth.Tokens;
using KissChat.Kernel.Identity;
using KissChat.Users.Contracts;
using Microsoft.AspNetCore.Identity;

namespace KissChat.Auth.OAuth;

/// <summary>
/// Turns an identity a provider vouched for into a KissChat session. The provider's account id is the lasting
/// link (Identity's user logins), so a returning user is found even after changing their email there. A first
/// visit joins the account with the same email, or opens one, only when the provider verified that email:
/// otherwise anyone could claim an address they do not own.
/// </summary>
internal sealed class ExternalSignIn(UserManager<AppUser> users, NewAccounts accounts, IUserProfiles profiles, Sessions.Sessions sessions, RefreshTokens refreshTokens)
{
    /// <summary>Starts the session (cookies on <paramref name="response"/>); returns the <see cref="AuthErrors"/> code when refused, else null.</summary>
    public async Task<string?> SignInAsync(ExternalIdentity identity, HttpResponse response, CancellationToken cancellationToken)
    {
        var login = new UserLoginInfo(identity.Provider, identity.Key, identity.ProviderDisplayName);
        var user = await users.FindByLoginAsync(login.LoginProvider, login.ProviderKey);
        if (user is null)
        {
            if (identity.Email is null)
            {
                return AuthErrors.EmailMissing;
            }

            if (!identity.EmailVerified)
            {
                return AuthErrors.EmailNotVerified;
            }

            user = await users.FindByEmailAsync(identity.Email);
            if (user is null)
            {
                return await OpenAsync(identity.Email, login, response, cancellationToken);
            }

            if (!(await users.AddLoginAsync(user, login)).Succeeded)
            {
                return AuthErrors.AccountConflict;
            }

            if (!user.EmailConfirmed)
            {
                await TakeOverUnprovenAccountAsync(user, cancellationToken);
            }
        }

        if (user.BannedAt is not null)
        {
            return AuthErrors.AccountBanned;
        }

        await profiles.RecordLoginAsync(user.Id, cancellationToken);
        await sessions.StartAsync(user.Id, response, cancellationToken);
        return null;
    }

    /// <summary>
    /// Nobody ever proved they own this account's email, and the provider just did: whoever set its password
    /// may have registered someone else's address in advance. The password goes and every session ends, so only
    /// the address's owner keeps access; they can set a password again later.
    /// </summary>
    private async Task TakeOverUnprovenAccountAsync(AppUser user, CancellationToken cancellationToken)
    {
        if (await users.HasPasswordAsync(user))
        {
            await users.RemovePasswordAsync(user);
        }

        user.EmailConfirmed = true;
        await users.UpdateAsync(user);
        await refreshTokens.RevokeAllAsync(user.Id, cancellationToken);
    }

    private async Task<string?> OpenAsync(string email, UserLoginInfo login, HttpResponse response, CancellationToken cancellationToken)
    {
        var opening = await accounts.OpenAsync(
            email,
            password: null,
            async user =>
            {
                user.EmailConfirmed = true;
                var created = await users.CreateAsync(user);
                return created.Succeeded ? await users.AddLoginAsync(user, login) : created;
            },
            response,
            cancellationToken);
        return opening switch
        {
            AccountOpening.Opened => null,
            AccountOpening.EmailTaken => AuthErrors.AccountConflict,
            _ => AuthErrors.Failed,
        };
    }
}

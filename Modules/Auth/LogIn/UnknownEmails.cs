using System.Security.Cryptography;
using KissChat.Kernel.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace KissChat.Auth.LogIn;

/// <summary>
/// Login must not tell whether an email has an account, so an unknown email is refused as a known one is: after a
/// password check of the same cost (against a fixed hash made by the same hasher), and with the same account-wide lockout
/// accounts have (Auth:AccountLockoutFailures wrong passwords within any Auth:AccountLockoutWindowMinutes, then
/// Auth:LockoutMinutes of 429; see <see cref="AccountFailures"/>), counted in this instance's memory per email. The
/// lockout per client address (<see cref="GuessingAddresses"/>) treats both alike.
/// </summary>
internal sealed class UnknownEmails(IOptions<IdentityOptions> identity, TimeSpan window, TimeProvider clock) : IDisposable
{
    private static readonly AppUser Nobody = new();

    private readonly FailureCounts failures = new(window, clock);
    private string? fixedHash;

    /// <summary>Checks the password against nothing, taking as long as checking it against an account's hash.</summary>
    public void CheckPassword(IPasswordHasher<AppUser> hasher, string password)
    {
        fixedHash ??= hasher.HashPassword(Nobody, RandomNumberGenerator.GetHexString(32));
        hasher.VerifyHashedPassword(Nobody, fixedHash, password);
    }

    /// <summary>How long <paramref name="email"/> is still locked out for, if it is.</summary>
    public TimeSpan? LockedOutFor(string email) => failures.LockedOutFor(email);

    /// <summary>Counts a wrong password, as one is counted for an account; returns the lockout it started, if it did.</summary>
    public TimeSpan? CountFailure(string email) =>
        failures.CountFailure(email, identity.Value.Lockout.MaxFailedAccessAttempts, identity.Value.Lockout.DefaultLockoutTimeSpan);

    public void Dispose() => failures.Dispose();
}

using System.Security.Cryptography;
using System.Text;
using KissChat.Auth.Data;
using KissChat.Kernel.Database;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KissChat.Auth.LogIn;

/// <summary>
/// Login must not tell whether an email has an account, so an unknown email is refused as a known one is: after a
/// password check of the same cost (<see cref="DecoyPassword"/>), and with the same account-wide lockout accounts have
/// (Auth:AccountLockoutFailures wrong passwords within any Auth:AccountLockoutWindowMinutes, then Auth:LockoutMinutes of
/// 429; see <see cref="AccountFailures"/>). Counted in the database, as an account's are, so every instance counts them
/// together (in memory, K instances behind a balancer let an unknown email have K times an account's guesses), and with a
/// write as an account's wrong password has. The lockout per client address (<see cref="GuessingAddresses"/>) treats both alike.
/// </summary>
/// <param name="hashKey">
/// What the emails are hashed with (<see cref="HashKey"/>): a plain hash of an email is found again by hashing a list of
/// them, so a copy of the database would tell which emails were tried.
/// </param>
internal sealed class UnknownEmails(KissChatDbContext db, IOptions<IdentityOptions> identity, TimeSpan window, TimeProvider clock, byte[] hashKey)
{
    /// <summary>A key of its own from the signing key, which every instance of a deployment shares.</summary>
    public static byte[] HashKey(byte[] signingKey) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, signingKey, 32, info: Encoding.UTF8.GetBytes("kisschat unknown-email failures"));

    /// <summary>What is counted for <paramref name="email"/>: nothing yet, if it has no row.</summary>
    public async Task<UnknownEmailFailures> FindAsync(string email, CancellationToken ct)
    {
        var hash = Convert.ToHexStringLower(HMACSHA256.HashData(hashKey, Encoding.UTF8.GetBytes(email)));
        return await db.Set<UnknownEmailFailures>().FindAsync([hash], ct) ?? new UnknownEmailFailures { EmailHash = hash };
    }

    /// <summary>How long the email is still locked out for, if it is.</summary>
    public TimeSpan? LockedOutFor(UnknownEmailFailures failures)
    {
        var left = failures.LockedUntil - clock.GetUtcNow().UtcDateTime;
        return left > TimeSpan.Zero ? left : null;
    }

    /// <summary>Counts a wrong password, as one is counted for an account; returns the lockout it started, if it did and it lasts.</summary>
    public async Task<TimeSpan?> CountFailureAsync(UnknownEmailFailures failures, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var lockout = identity.Value.Lockout;
        var (tally, locks) = FailureTally.FromStored(failures.Failures, failures.Since, failures.LastFailure, failures.FailuresBefore, failures.LastFailureBefore)
            .Fail(now, window, lockout.MaxFailedAccessAttempts);
        TimeSpan? started = null;
        if (locks)
        {
            failures.LockedUntil = now + lockout.DefaultLockoutTimeSpan;
            // A lock of no time refuses nothing, as an account's does: Identity's has ended before the account is checked.
            started = lockout.DefaultLockoutTimeSpan > TimeSpan.Zero ? lockout.DefaultLockoutTimeSpan : null;
        }

        (failures.Failures, failures.Since, failures.LastFailure, failures.FailuresBefore, failures.LastFailureBefore) = tally.Stored();
        if (db.Entry(failures).State == EntityState.Detached)
        {
            db.Add(failures);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueKeys.WereViolatedIn(e))
        {
            // Another instance counted this email's first failure at the same moment: one of the two is lost, as when two
            // instances count an account's failure at once.
            db.Entry(failures).State = EntityState.Detached;
        }

        return started;
    }
}

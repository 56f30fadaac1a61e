using System.Security.Cryptography;
using KissChat.Kernel.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace KissChat.Auth.LogIn;

/// <summary>
/// Login must not tell whether an email has an account, so an unknown email is refused as a known one is: after a
/// password check of the same cost (against a fixed hash made by the same hasher), and with the same lockout Identity
/// keeps for accounts (Auth:LockoutFailures wrong passwords, then Auth:LockoutMinutes of 429). Its failures are counted
/// in this instance's memory, per email, and forgotten after a day without one.
/// </summary>
internal sealed class UnknownEmails(IOptions<IdentityOptions> identity, TimeProvider clock) : IDisposable
{
    private static readonly AppUser Nobody = new();
    private static readonly TimeSpan ForgetAfter = TimeSpan.FromDays(1);

    // Bounded, so that guessing at random addresses cannot fill the memory; past the bound new addresses go uncounted.
    private readonly MemoryCache failures = new(new MemoryCacheOptions { SizeLimit = 100_000 });
    private string? fixedHash;

    /// <summary>Checks the password against nothing, taking as long as checking it against an account's hash.</summary>
    public void CheckPassword(IPasswordHasher<AppUser> hasher, string password)
    {
        fixedHash ??= hasher.HashPassword(Nobody, RandomNumberGenerator.GetHexString(32));
        hasher.VerifyHashedPassword(Nobody, fixedHash, password);
    }

    /// <summary>How long <paramref name="email"/> is still locked out for, if it is.</summary>
    public TimeSpan? LockedOutFor(string email)
    {
        if (!failures.TryGetValue(email, out Failures? counted) || counted is null)
        {
            return null;
        }

        lock (counted)
        {
            var left = counted.LockedUntil - clock.GetUtcNow();
            return left > TimeSpan.Zero ? left : null;
        }
    }

    /// <summary>Counts a wrong password, as Identity counts one for an account; returns the lockout it started, if it did.</summary>
    public TimeSpan? CountFailure(string email)
    {
        var counted = failures.GetOrCreate(email, entry =>
        {
            entry.Size = 1;
            entry.SlidingExpiration = ForgetAfter;
            return new Failures();
        })!;
        var lockout = identity.Value.Lockout;
        lock (counted)
        {
            if (++counted.Count < lockout.MaxFailedAccessAttempts)
            {
                return null;
            }

            counted.Count = 0;
            counted.LockedUntil = clock.GetUtcNow() + lockout.DefaultLockoutTimeSpan;
            return lockout.DefaultLockoutTimeSpan;
        }
    }

    public void Dispose() => failures.Dispose();

    private sealed class Failures
    {
        public int Count { get; set; }

        public DateTimeOffset LockedUntil { get; set; }
    }
}

using KissChat.Kernel.Http;

namespace KissChat.Auth.LogIn;

/// <summary>
/// The lockout that stops a guesser without locking the owner out: Auth:LockoutFailures wrong passwords in a row within any
/// day for an email from one client address lock that address out of that email for Auth:LockoutMinutes, while the right
/// password from anywhere else still logs in. Counted in this instance's memory, for known and unknown emails alike.
/// Guessing spread over many addresses meets the account-wide lockout instead (Auth:AccountLockoutFailures within
/// Auth:AccountLockoutWindowMinutes, see <see cref="AccountFailures"/>).
/// </summary>
internal sealed class GuessingAddresses(int failures, TimeSpan lockout, TimeProvider clock) : IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromDays(1);

    private readonly FailureCounts counts = new(Window, clock);

    /// <summary>How long this client is still locked out of <paramref name="email"/> for, if it is.</summary>
    public TimeSpan? LockedOutFor(string email, HttpContext context) => counts.LockedOutFor(Key(email, context));

    /// <summary>Counts a wrong password from this client; returns the lockout it started, if it did.</summary>
    public TimeSpan? CountFailure(string email, HttpContext context) => counts.CountFailure(Key(email, context), failures, lockout);

    public void Forget(string email, HttpContext context) => counts.Forget(Key(email, context));

    public void Dispose() => counts.Dispose();

    private static string Key(string email, HttpContext context) => $"{email}\n{RateLimits.ClientIp(context)}";
}

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KissChat.Auth.LogIn;

/// <summary>
/// Warns at start when Auth:LockoutFailures is not below Auth:AccountLockoutFailures: one address guessing then locks the
/// account for everyone, its owner too, no later than its own lockout would have stopped it, which is what the
/// per-address lockout is for. A warning, not a refusal: logins still work and guessing is still stopped.
/// </summary>
internal sealed class LockoutSettingsCheck(int lockoutFailures, int accountLockoutFailures, ILogger<LockoutSettingsCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (lockoutFailures >= accountLockoutFailures)
        {
            logger.LogWarning(
                "Auth:LockoutFailures ({LockoutFailures}) is not below Auth:AccountLockoutFailures ({AccountLockoutFailures}): a guesser from one address locks the account, and so its owner, out before that address is locked out itself. Set Auth:LockoutFailures lower.",
                lockoutFailures,
                accountLockoutFailures);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

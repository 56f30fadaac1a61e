using Microsoft.Extensions.Hosting;

namespace KissChat.Auth;

/// <summary>
/// Takes the settings when the server starts, so the signing key is read then: a missing JWT_SECRET is warned about
/// (and a short one refused) at start-up, not on the first login.
/// </summary>
internal sealed class SigningKeyCheck(AuthSettings settings) : IHostedService
{
    public AuthSettings Settings => settings;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

namespace KissChat.Kernel.Identity;

/// <summary>
/// Tells work that lives only in one instance's memory (an impersonation, written in its request) that its account was
/// banned or deleted through another instance: <see cref="IAccountClosing"/> reaches only the instance that closed it.
/// The Auth module implements it with its session check.
/// </summary>
public interface IClosedAccounts
{
    /// <summary>
    /// Completes once the account is found banned or deleted: as the session check finds it, within
    /// <c>Auth:SessionCheckSeconds</c> of the close. A database out of reach only delays that.
    /// </summary>
    Task WhenClosedAsync(Guid userId, CancellationToken cancellationToken);
}

namespace KissChat.Kernel.Identity;

/// <summary>
/// A module with work under way for a user ends it when the account is banned or deleted (before its rows go by
/// cascade): work left running would go on costing (a reply, its model's tokens) for an account that may no longer use it.
/// </summary>
public interface IAccountClosing
{
    Task StopWorkAsync(Guid userId, CancellationToken cancellationToken);
}

namespace KissChat.Kernel.Identity;

/// <summary>
/// A module whose rows other accounts rely on keeps what they need before a deleted account's rows go by cascade: called
/// in the transaction that deletes the account.
/// </summary>
public interface IAccountDeletion
{
    Task OnDeletingAsync(Guid userId, CancellationToken cancellationToken);
}

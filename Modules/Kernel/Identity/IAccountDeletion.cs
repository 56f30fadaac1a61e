namespace KissChat.Kernel.Identity;

/// <summary>
/// A module with work under way for a user ends it when the account is deleted, before the rows go (by cascade): work
/// left running would go on costing (a reply, its model's tokens) with nowhere to store its end.
/// </summary>
public interface IAccountDeletion
{
    Task BeforeDeleteAsync(Guid userId, CancellationToken cancellationToken);
}

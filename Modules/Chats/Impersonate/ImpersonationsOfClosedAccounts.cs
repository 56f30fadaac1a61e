using KissChat.Kernel.Identity;

namespace KissChat.Chats.Impersonate;

/// <summary>A banned or deleted account's impersonations stop with its replies (on this instance: they run in its requests).</summary>
internal sealed class ImpersonationsOfClosedAccounts(ImpersonationSlots slots) : IAccountClosing
{
    public Task StopWorkAsync(Guid userId, CancellationToken cancellationToken)
    {
        slots.Close(userId);
        return Task.CompletedTask;
    }
}

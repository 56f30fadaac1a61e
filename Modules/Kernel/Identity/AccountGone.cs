namespace KissChat.Kernel.Identity;

/// <summary>A request carried the session of an account that has since been deleted.</summary>
public static class AccountGone
{
    public const string Message = "This account no longer exists.";
}

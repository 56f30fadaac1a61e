namespace KissChat.Auth.Accounts;

/// <summary>A banned account (see AppUser.BannedAt) cannot log in, refresh a session, or use the access tokens it has.</summary>
internal static class Banned
{
    public const string Message = "This account has been banned.";

    public static string WithReason(string? reason) => string.IsNullOrWhiteSpace(reason) ? Message : $"{Message[..^1]}: {reason}";
}

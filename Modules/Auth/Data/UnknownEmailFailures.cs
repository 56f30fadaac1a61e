namespace KissChat.Auth.Data;

/// <summary>
/// The wrong passwords given for an email that has no account, as an account's are kept on its row (see
/// LogIn.UnknownEmails), so every instance counts them together. Keyed by an HMAC-SHA256 of the normalised email (its key
/// derived from the signing key): the table never holds the emails people tried, nor a hash a list of emails would find.
/// A row goes once neither its failures nor its lock can matter.
/// </summary>
internal sealed class UnknownEmailFailures
{
    public const int EmailHashLength = 64;

    public required string EmailHash { get; init; }

    public int Failures { get; set; }

    public DateTime? Since { get; set; }

    public DateTime? LastFailure { get; set; }

    public int FailuresBefore { get; set; }

    public DateTime? LastFailureBefore { get; set; }

    public DateTime? LockedUntil { get; set; }
}

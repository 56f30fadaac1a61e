namespace KissChat.Kernel.Http;

/// <summary>
/// The one authentication scheme every signed-in endpoint runs (the Auth module implements it). Endpoints name it
/// because nothing authenticates by default: the handler's silent refresh must not rotate cookies on routes that
/// never asked who is calling.
/// </summary>
public static class SessionScheme
{
    public const string Name = "KissChat";
}

using KissChat.Kernel.Http;

namespace KissChat.Auth.OAuth;

internal static class OAuthNotAvailable
{
    public static ProblemHttpResult Problem(string method) =>
        Problems.NotImplemented($"Sign-in with {method.ToLowerInvariant()} is not configured on this server; use method \"email\".");
}

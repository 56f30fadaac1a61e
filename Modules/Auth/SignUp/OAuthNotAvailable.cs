using KissChat.Kernel.Http;

namespace KissChat.Auth.SignUp;

internal static class OAuthNotAvailable
{
    public static ProblemHttpResult Problem(string method) =>
        Problems.NotImplemented($"Sign-in with {method.ToLowerInvariant()} is not available yet; use method \"email\".");
}

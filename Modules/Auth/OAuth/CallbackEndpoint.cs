namespace KissChat.Auth.OAuth;

/// <summary>
/// The OAuth handler answers the callback of every configured provider before this endpoint would run; the
/// endpoint answers the rest (a provider switched off mid-sign-in, a mistyped name) the same way: back to the
/// frontend. It also puts the callback in the API document.
/// </summary>
internal static class CallbackEndpoint
{
    public static RedirectHttpResult Handle(FrontendRedirect frontend) =>
        TypedResults.Redirect(frontend.For(AuthErrors.ProviderUnavailable));
}

using FastEndpoints;

namespace KissChat.Auth.OAuth;

internal sealed record OAuthCallbackRequest(string Provider);

/// <summary>
/// The OAuth handler answers the callback of every configured provider before this endpoint would run; the
/// endpoint answers the rest (a provider switched off mid-sign-in, a mistyped name) the same way: back to the
/// frontend. It also puts the callback in the API document.
/// </summary>
internal sealed class CallbackEndpoint(FrontendRedirect frontend) : Endpoint<OAuthCallbackRequest, RedirectHttpResult>
{
    public override void Configure()
    {
        Get("/callback/{provider}");
        Group<AuthGroup>();
        AllowAnonymous();
        Description(b => b.WithName("OAuthCallback").Produces(StatusCodes.Status302Found));
        Summary(s => s.Summary = "Where Google or Discord send the browser back; always redirects to FRONTEND_URL, with ?auth_error= on failure.");
    }

    public override Task<RedirectHttpResult> ExecuteAsync(OAuthCallbackRequest request, CancellationToken ct) =>
        Task.FromResult(TypedResults.Redirect(frontend.For(AuthErrors.ProviderUnavailable)));
}

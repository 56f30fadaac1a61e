using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KissChat.Auth.OAuth;

/// <summary>
/// KissChat's part in ASP.NET Core's OAuth handler. The handler checks state, the correlation cookie and PKCE and
/// redeems the code; these events hand the authorization URL to the SPA instead of redirecting, read the
/// provider's user info, and finish every callback with a redirect to the frontend: signed in, or with an
/// <c>auth_error</c> and no session. Nothing is signed into a cookie scheme in between.
/// </summary>
internal sealed class OAuthSignInEvents(FrontendRedirect frontend, ILogger<OAuthSignInEvents> logger) : OAuthEvents
{
    private static readonly object AuthorizationUrlKey = new();

    /// <summary>The authorization URL the challenge produced during this request.</summary>
    public static string? AuthorizationUrl(HttpContext context) => context.Items[AuthorizationUrlKey] as string;

    public override Task RedirectToAuthorizationEndpoint(RedirectContext<OAuthOptions> context)
    {
        // The SPA calls the API with fetch, which cannot follow a cross-origin redirect: it gets the URL as JSON.
        context.HttpContext.Items[AuthorizationUrlKey] = context.RedirectUri;
        return Task.CompletedTask;
    }

    public override async Task CreatingTicket(OAuthCreatingTicketContext context)
    {
        var cancellationToken = context.HttpContext.RequestAborted;
        using var request = new HttpRequestMessage(HttpMethod.Get, context.Options.UserInformationEndpoint);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", context.AccessToken);
        using var response = await context.Backchannel.SendAsync(request, cancellationToken);

        // A failure here reaches RemoteFailure like any other protocol failure.
        response.EnsureSuccessStatusCode();
        using var user = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        context.RunClaimActions(user.RootElement);
    }

    public override async Task TicketReceived(TicketReceivedContext context)
    {
        var identity = ExternalIdentity.From(context.Scheme.Name, context.Scheme.DisplayName, context.Principal);
        var error = AuthErrors.Failed;
        if (identity is not null)
        {
            // Resolved here, not in the constructor: the handler builds its events on every request to any route.
            var signIn = context.HttpContext.RequestServices.GetRequiredService<ExternalSignIn>();
            error = await signIn.SignInAsync(identity, context.Response, context.HttpContext.RequestAborted);
        }

        if (error is not null)
        {
            logger.LogInformation("Sign-in with {Provider} refused: {Error}.", context.Scheme.Name, error);
        }

        Finish(context, error);
    }

    public override Task AccessDenied(AccessDeniedContext context)
    {
        Finish(context, AuthErrors.AccessDenied);
        return Task.CompletedTask;
    }

    public override Task RemoteFailure(RemoteFailureContext context)
    {
        logger.LogWarning(context.Failure, "Sign-in with {Provider} failed.", context.Scheme.Name);

        // Only an unreadable or missing state leaves the handler without properties.
        Finish(context, context.Properties is null ? AuthErrors.InvalidState : AuthErrors.Failed);
        return Task.CompletedTask;
    }

    private void Finish(HandleRequestContext<RemoteAuthenticationOptions> context, string? error)
    {
        context.Response.Redirect(frontend.For(error));
        context.HandleResponse();
    }
}

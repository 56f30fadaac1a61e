using KissChat.Kernel.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Auth.OAuth;

internal static class OAuthRegistration
{
    /// <summary>One ASP.NET Core OAuth scheme, named after the provider, for each provider that is configured.</summary>
    public static AuthenticationBuilder AddOAuthProviders(this AuthenticationBuilder authentication, IConfiguration configuration)
    {
        var services = authentication.Services;
        services.AddSingleton(FrontendRedirect.From(configuration));
        services.AddSingleton<OAuthSignInEvents>();
        services.AddScoped<ExternalSignIn>();
        foreach (var client in OAuthProvider.All.Select(provider => OAuthClient.From(configuration, provider)).OfType<OAuthClient>())
        {
            authentication.AddOAuth(client.Provider.Name, client.Provider.DisplayName, client.Configure);
            services.AddOptions<OAuthOptions>(client.Provider.Name).Configure<SessionCookies>((options, cookies) =>
                options.CorrelationCookie.SecurePolicy = cookies.AlwaysSecure ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest);
        }

        return authentication;
    }
}

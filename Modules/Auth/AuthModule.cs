using KissChat.Auth.Accounts;
using KissChat.Auth.Authentication;
using KissChat.Auth.LogIn;
using KissChat.Auth.LogOut;
using KissChat.Auth.Me;
using KissChat.Auth.OAuth;
using KissChat.Auth.Refresh;
using KissChat.Auth.SignUp;
using KissChat.Auth.Tokens;
using KissChat.Kernel.Configuration;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;
using KissChat.Kernel.Identity;
using KissChat.Kernel.Validation;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KissChat.Auth;

public static class AuthModule
{
    public const string SchemeName = SessionAuthenticationHandler.SchemeName;
    internal const string RoutePrefix = "/api/v1/auth";

    public static IServiceCollection AddAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(new ModuleModel(typeof(AuthModule).Assembly));
        services.AddValidatorsOf(typeof(AuthModule).Assembly);
        services.AddSingleton(provider => AuthSettings.From(
            configuration,
            provider.GetRequiredService<DataDirectory>(),
            provider.GetRequiredService<ILoggerFactory>().CreateLogger("KissChat.Auth")));
        services.AddSingleton(provider => new SessionCookies(provider.GetRequiredService<AuthSettings>().SecureCookies));
        services.AddSingleton<AccessTokens>();
        services.AddScoped<RefreshTokens>();
        services.AddScoped<Sessions.Sessions>();
        services.AddScoped<NewAccounts>();

        services.AddIdentityCore<AppUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.User.AllowedUserNameCharacters = string.Empty;
                options.Password.RequiredLength = CredentialsRequestValidator.MinimumPasswordLength;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 1;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = configuration.GetValue("Auth:LockoutFailures", 5);
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(configuration.GetValue("Auth:LockoutMinutes", 5.0));
            })
            .AddEntityFrameworkStores<KissChatDbContext>();

        // Authenticate only where an endpoint asks for it: if every request ran the handler, its silent
        // refresh would rotate the cookie before /auth/refresh or /auth/logout could read it.
        AppContext.SetSwitch("Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme", true);
        services.AddAuthentication(options =>
            {
                options.DefaultChallengeScheme = SchemeName;
                options.DefaultForbidScheme = SchemeName;
            })
            .AddScheme<AuthenticationSchemeOptions, SessionAuthenticationHandler>(SchemeName, null)
            .AddOAuthProviders(configuration);
        services.AddAuthorizationBuilder()
            .SetDefaultPolicy(new AuthorizationPolicyBuilder(SchemeName).RequireAuthenticatedUser().Build());
        return services;
    }

    public static IEndpointRouteBuilder MapAuth(this IEndpointRouteBuilder routes)
    {
        // Read the signing key now: a missing JWT_SECRET is warned about (and a short one refused) at start-up,
        // not on the first login.
        routes.ServiceProvider.GetRequiredService<AuthSettings>();
        var group = routes.MapGroup(RoutePrefix).WithTags("Auth");
        group.MapPost("/signup", SignUpEndpoint.Handle)
            .WithName("SignUp")
            .RequireRateLimiting(RateLimits.Auth)
            .WithSummary("Create an account (method \"email\", sets the session cookies) or get the Google/Discord authorization URL.")
            .Validate<CredentialsRequest>();
        group.MapPost("/login", LogInEndpoint.Handle)
            .WithName("LogIn")
            .RequireRateLimiting(RateLimits.Auth)
            .WithSummary("Log in with email and password (sets the session cookies) or get the Google/Discord authorization URL.")
            .Validate<CredentialsRequest>();
        group.MapGet("/callback/{provider}", CallbackEndpoint.Handle)
            .WithName("OAuthCallback")
            .WithSummary("Where Google or Discord send the browser back; always redirects to FRONTEND_URL, with ?auth_error= on failure.")
            .Produces(StatusCodes.Status302Found);
        group.MapPost("/logout", LogOutEndpoint.Handle)
            .WithName("LogOut")
            .WithSummary("End this session: revokes the refresh token and clears the cookies.")
            .Accepts<RefreshRequest>(isOptional: true, "application/json");
        group.MapPost("/refresh", RefreshEndpoint.Handle)
            .WithName("RefreshSession")
            .RequireRateLimiting(RateLimits.Auth)
            .WithSummary("Trade the refresh token (cookie or body) for a new pair; reuse revokes the session.")
            .Accepts<RefreshRequest>(isOptional: true, "application/json");
        group.MapGet("/me", MeEndpoint.Handle)
            .WithName("GetMe")
            .WithSummary("The signed-in user's profile and premium status.")
            .RequireAuthorization();
        return routes;
    }
}

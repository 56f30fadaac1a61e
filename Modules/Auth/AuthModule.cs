using FastEndpoints;
using KissChat.Auth.Accounts;
using KissChat.Auth.Authentication;
using KissChat.Auth.LogIn;
using KissChat.Auth.OAuth;
using KissChat.Auth.Sessions;
using KissChat.Auth.SignUp;
using KissChat.Auth.Tokens;
using KissChat.Kernel.Configuration;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;
using KissChat.Kernel.Identity;
using KissChat.Kernel.Scheduling;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KissChat.Auth;

public static class AuthModule
{
    internal const string RoutePrefix = "/api/v1/auth";

    public static IServiceCollection AddAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(new ModuleModel(typeof(AuthModule).Assembly));
        services.AddSingleton(provider => AuthSettings.From(
            configuration,
            provider.GetRequiredService<DataDirectory>(),
            provider.GetRequiredService<ILoggerFactory>().CreateLogger("KissChat.Auth")));
        services.AddHostedService<SigningKeyCheck>();
        services.AddScheduledWork<DeleteEndedRefreshTokens>(when => when.Daily());
        services.AddSingleton(provider => new SessionCookies(provider.GetRequiredService<AuthSettings>().AlwaysSecureCookies));
        services.AddSingleton<AccessTokens>();
        services.AddSingleton<LiveSessions>();
        services.AddSingleton<ISessionCache>(provider => provider.GetRequiredService<LiveSessions>());
        services.AddSingleton<IClosedAccounts>(provider => provider.GetRequiredService<LiveSessions>());
        services.AddScoped<RefreshTokens>();
        services.AddScoped<Sessions.Sessions>();
        services.AddScoped<NewAccounts>();

        var auth = configuration.GetSection("Auth");
        var lockoutFailures = auth.Int("LockoutFailures", 5, 1, 1_000_000);
        var accountLockoutFailures = auth.Int("AccountLockoutFailures", 50, 1, 1_000_000);
        var accountLockoutWindow = TimeSpan.FromMinutes(auth.Number("AccountLockoutWindowMinutes", 60 * 24, 0.01, 60 * 24 * 365));
        var lockout = TimeSpan.FromMinutes(auth.Number("LockoutMinutes", 5, 0, 60 * 24 * 365));
        services.AddSingleton(provider => new GuessingAddresses(lockoutFailures, lockout, provider.GetRequiredService<TimeProvider>()));
        services.AddHostedService(provider => new LockoutSettingsCheck(lockoutFailures, accountLockoutFailures, provider.GetRequiredService<ILogger<LockoutSettingsCheck>>()));
        services.AddScoped(provider => new AccountFailures(
            provider.GetRequiredService<UserManager<AppUser>>(), provider.GetRequiredService<IOptions<IdentityOptions>>(), accountLockoutWindow, provider.GetRequiredService<TimeProvider>()));
        services.AddKeyedSingleton(nameof(UnknownEmails), (provider, _) => UnknownEmails.HashKey(provider.GetRequiredService<AuthSettings>().SigningKey));
        services.AddScoped(provider => new UnknownEmails(
            provider.GetRequiredService<KissChatDbContext>(),
            provider.GetRequiredService<IOptions<IdentityOptions>>(),
            accountLockoutWindow,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredKeyedService<byte[]>(nameof(UnknownEmails))));
        services.AddSingleton<DecoyPassword>();
        services.AddSingleton(new AccountLockoutWindow(accountLockoutWindow));
        services.AddScheduledWork<DeleteEndedUnknownEmailFailures>(when => when.Hourly());
        services.AddIdentityCore<AppUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.User.AllowedUserNameCharacters = string.Empty;
                options.Password.RequiredLength = CredentialsValidator.MinimumPasswordLength;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 1;
                options.Lockout.AllowedForNewUsers = true;
                // The account-wide lock, against guessing spread over many addresses; one address meets GuessingAddresses' first.
                options.Lockout.MaxFailedAccessAttempts = accountLockoutFailures;
                options.Lockout.DefaultLockoutTimeSpan = lockout;
            })
            .AddEntityFrameworkStores<KissChatDbContext>();

        // Authenticate only where an endpoint asks for it: if every request ran the handler, its silent
        // refresh would rotate the cookie before /auth/refresh or /auth/logout could read it.
        AppContext.SetSwitch("Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme", true);
        services.AddAuthentication(options =>
            {
                options.DefaultChallengeScheme = SessionScheme.Name;
                options.DefaultForbidScheme = SessionScheme.Name;
            })
            .AddScheme<AuthenticationSchemeOptions, SessionAuthenticationHandler>(SessionScheme.Name, null)
            .AddOAuthProviders(configuration);
        services.AddAuthorizationBuilder()
            .SetDefaultPolicy(new AuthorizationPolicyBuilder(SessionScheme.Name).RequireAuthenticatedUser().Build());
        return services;
    }
}

/// <summary>The session routes: <c>/api/v1/auth/…</c>.</summary>
internal sealed class AuthGroup : Group
{
    public AuthGroup() => Configure(AuthModule.RoutePrefix, endpoint => endpoint.Description(b => b.WithTags("Auth")));
}

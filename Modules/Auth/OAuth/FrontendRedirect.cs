using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Configuration;

namespace KissChat.Auth.OAuth;

/// <summary>Where a Google or Discord sign-in ends: the SPA at <c>FRONTEND_URL</c> (its first origin), with <c>?auth_error=</c> on failure.</summary>
internal sealed record FrontendRedirect(string Url)
{
    public static FrontendRedirect From(IConfiguration configuration) =>
        new((configuration["FRONTEND_URL"] ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault() ?? "http://localhost:3000");

    public string For(string? error) => error is null ? Url : QueryHelpers.AddQueryString(Url, "auth_error", error);
}

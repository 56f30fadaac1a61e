using Microsoft.Extensions.Configuration;

namespace KissChat.Admin.Administrators;

/// <summary>
/// <c>ADMIN_EMAILS</c>: the accounts with these emails (comma-separated, any case) are administrators. Password sign-ups
/// do not prove their email, so sign those accounts up before others can reach the server.
/// </summary>
internal sealed record AdminSettings(IReadOnlySet<string> NormalizedEmails)
{
    public static AdminSettings From(IConfiguration configuration) =>
        new((configuration["ADMIN_EMAILS"] ?? string.Empty)
            .Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(email => email.ToUpperInvariant())
            .ToHashSet(StringComparer.Ordinal));
}

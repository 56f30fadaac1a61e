using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace KissChat.Auth.Tokens;

/// <summary>Short-lived HS256 JWTs carrying only the user id.</summary>
internal sealed class AccessTokens(AuthSettings settings, TimeProvider clock)
{
    private readonly JsonWebTokenHandler handler = new();
    private readonly SymmetricSecurityKey key = new(settings.SigningKey);

    /// <summary>A fingerprint of the account's security stamp: when the stamp changes, older access tokens stop working.</summary>
    public const string StampClaim = "sst";

    public static string StampFingerprint(string? securityStamp) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(securityStamp ?? string.Empty)))[..16];

    public IssuedToken Issue(Guid userId, string? securityStamp)
    {
        var now = clock.GetUtcNow();
        var expires = now + settings.AccessTokenLifetime;
        var token = handler.CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, userId.ToString()), new Claim(StampClaim, StampFingerprint(securityStamp))]),
            Issuer = AuthSettings.Issuer,
            Audience = AuthSettings.Issuer,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
        return new IssuedToken(token, expires);
    }

    public async Task<AccessTokenCheck> CheckAsync(string token)
    {
        var result = await handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = AuthSettings.Issuer,
            ValidAudience = AuthSettings.Issuer,
            IssuerSigningKey = key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ClockSkew = TimeSpan.FromSeconds(5),
        });
        if (result.IsValid)
        {
            return new AccessTokenCheck(result.ClaimsIdentity, Expired: false);
        }

        return new AccessTokenCheck(null, result.Exception is SecurityTokenExpiredException);
    }
}

internal sealed record IssuedToken(string Value, DateTimeOffset ExpiresAt);

internal sealed record AccessTokenCheck(ClaimsIdentity? Identity, bool Expired);

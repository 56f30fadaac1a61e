using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace KissChat.Auth.Tokens;

/// <summary>
/// Short-lived HS256 JWTs naming the user, the session (the refresh-token family it was issued with) and a
/// fingerprint of the account's security stamp; the session check refuses them once either has ended.
/// </summary>
internal sealed class AccessTokens(AuthSettings settings, TimeProvider clock)
{
    /// <summary>How far clocks (this one and other instances') may disagree about a token's times.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(5);

    private const string SessionClaim = JwtRegisteredClaimNames.Sid;
    private const string StampClaim = "sst";

    private readonly JsonWebTokenHandler handler = new();
    private readonly SymmetricSecurityKey key = new(settings.SigningKey);

    /// <summary>A fingerprint of the account's security stamp: when the stamp changes, older access tokens stop working.</summary>
    public static string StampFingerprint(string? securityStamp) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(securityStamp ?? string.Empty)))[..16];

    public IssuedToken Issue(Guid userId, Guid sessionId, string? securityStamp)
    {
        var now = clock.GetUtcNow();
        var expires = now + settings.AccessTokenLifetime;
        var token = handler.CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(
            [
                new Claim(JwtRegisteredClaimNames.Sub, userId.ToString()),
                new Claim(SessionClaim, sessionId.ToString()),
                new Claim(StampClaim, StampFingerprint(securityStamp)),
            ]),
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
            ClockSkew = ClockSkew,
        });
        if (!result.IsValid)
        {
            return new AccessTokenCheck(null, null, result.Exception is SecurityTokenExpiredException);
        }

        var identity = result.ClaimsIdentity;
        var session = Guid.TryParse(identity.FindFirst(JwtRegisteredClaimNames.Sub)?.Value, out var userId)
            && Guid.TryParse(identity.FindFirst(SessionClaim)?.Value, out var sessionId)
            && identity.FindFirst(StampClaim)?.Value is { } stamp
                ? new AccessSession(userId, sessionId, stamp, result.SecurityToken.ValidFrom)
                : null;
        // A token from before sessions had ids is renewed like an expired one.
        return session is null ? new AccessTokenCheck(null, null, Expired: true) : new AccessTokenCheck(identity, session, Expired: false);
    }
}

internal sealed record IssuedToken(string Value, DateTimeOffset ExpiresAt);

/// <summary>Who a valid access token names, which session it belongs to, and when it was issued.</summary>
internal sealed record AccessSession(Guid UserId, Guid SessionId, string StampFingerprint, DateTimeOffset IssuedAt);

internal sealed record AccessTokenCheck(ClaimsIdentity? Identity, AccessSession? Session, bool Expired);

using System.Security.Cryptography;
using KissChat.Kernel.Configuration;
using KissChat.Kernel.Files;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace KissChat.Auth;

/// <summary>Token lifetimes and the signing key, from the seed's variables or the <c>Auth</c> section.</summary>
/// <param name="AlwaysSecureCookies">Secure session cookies on plain-HTTP requests too (HTTPS ones always have it).</param>
internal sealed record AuthSettings(
    byte[] SigningKey,
    TimeSpan AccessTokenLifetime,
    TimeSpan RefreshTokenLifetime,
    TimeSpan RefreshReuseGrace,
    TimeSpan SessionCheckInterval,
    bool AlwaysSecureCookies)
{
    public const string Issuer = "kisschat";
    private const int MinimumKeyBytes = 32;

    public static AuthSettings From(IConfiguration configuration, DataDirectory dataDirectory, ILogger logger)
    {
        var section = configuration.GetSection("Auth");
        return new AuthSettings(
            ReadSigningKey(configuration["JWT_SECRET"] ?? section["JwtSecret"], dataDirectory, logger),
            TimeSpan.FromMinutes(section.Number("AccessTokenMinutes", 60, 1, 7 * 24 * 60)),
            TimeSpan.FromDays(section.Number("RefreshTokenDays", 7, 0.01, 3650)),
            section.Seconds("RefreshReuseGraceSeconds", 30, 0, 3600),
            section.Seconds("SessionCheckSeconds", 5, 0, 3600),
            (string.IsNullOrWhiteSpace(section["SecureCookies"]) ? (bool?)null : section.Flag("SecureCookies", false))
                ?? string.Equals(configuration["NODE_ENV"], "production", StringComparison.OrdinalIgnoreCase));
    }

    private static byte[] ReadSigningKey(string? secret, DataDirectory dataDirectory, ILogger logger)
    {
        if (!string.IsNullOrEmpty(secret))
        {
            var key = System.Text.Encoding.UTF8.GetBytes(secret);
            return key.Length >= MinimumKeyBytes
                ? key
                : throw new ConfigurationProblem($"JWT_SECRET (or Auth:JwtSecret) must be at least {MinimumKeyBytes} bytes long.");
        }

        // A generated key kept on the data volume keeps sessions valid across restarts of a hobbyist install.
        var path = dataDirectory.File("jwt-secret.key");
        if (!File.Exists(path))
        {
            using var file = new StreamWriter(PrivateFiles.Create(path));
            file.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)));
        }

        logger.LogWarning("JWT_SECRET is not set; using the generated key in {Path}. Set JWT_SECRET when several instances share a database.", path);
        return Convert.FromBase64String(File.ReadAllText(path).Trim());
    }
}

using System.Security.Cryptography;
using System.Text.Json;

namespace KissChat.Jobs.Contracts;

/// <summary>
/// A client's <c>Idempotency-Key</c> for a request that starts a job, with a fingerprint of the request: the same key
/// sent again with the same request is the same job, with another request a mistake to refuse (the IETF draft
/// "The Idempotency-Key HTTP Header Field" says the same).
/// </summary>
/// <param name="Fingerprint">SHA-256 (hex) of the request as JSON, its type's name first: a send and a regenerate differ.</param>
public sealed record RequestKey(string Value, string Fingerprint)
{
    public const string Header = "Idempotency-Key";

    public const int MaxLength = 255;

    public const string Invalid = "'Idempotency-Key' must be 1 to 255 visible ASCII characters (a UUID is a good key).";

    /// <summary>Visible ASCII only: the key is compared byte for byte, and nothing invisible should make two keys differ.</summary>
    public static bool IsValid(string? key) =>
        key is null || (key.Length is > 0 and <= MaxLength && key.All(c => c is > ' ' and <= '~'));

    /// <summary>The key and <paramref name="request"/>'s fingerprint; null without a key.</summary>
    public static RequestKey? Of(string? key, object request)
    {
        if (key is null)
        {
            return null;
        }

        var json = JsonSerializer.SerializeToUtf8Bytes(request, request.GetType());
        var hash = SHA256.HashData([.. System.Text.Encoding.UTF8.GetBytes(request.GetType().FullName + "\n"), .. json]);
        return new RequestKey(key, Convert.ToHexStringLower(hash));
    }
}

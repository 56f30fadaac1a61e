using System.Security.Cryptography;
using KissChat.Kernel.Identity;
using Microsoft.AspNetCore.Identity;

namespace KissChat.Auth.LogIn;

/// <summary>
/// A password check against nothing, for an email without an account or an account without a password: it takes as long
/// as checking against an account's hash (a fixed hash made by the same hasher), so the time tells nothing.
/// </summary>
internal sealed class DecoyPassword
{
    private static readonly AppUser Nobody = new();

    private string? fixedHash;

    public void Check(IPasswordHasher<AppUser> hasher, string password)
    {
        fixedHash ??= hasher.HashPassword(Nobody, RandomNumberGenerator.GetHexString(32));
        hasher.VerifyHashedPassword(Nobody, fixedHash, password);
    }
}

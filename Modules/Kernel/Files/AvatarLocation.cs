using KissChat.Kernel.Http;

namespace KissChat.Kernel.Files;

/// <summary>What a client may write into an <c>avatar_url</c> field itself.</summary>
public static class AvatarLocation
{
    public const string Rule = "'avatar_url' must be an http(s) URL or a path starting with '/'.";

    public static bool IsAllowed(string? value) =>
        value is not null
        && ((value.StartsWith('/') && !value.StartsWith("//", StringComparison.Ordinal))
            || (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"));

    /// <summary>
    /// An uploaded avatar's URL may be sent back unchanged but never given to another row: replacing that row's
    /// avatar would then delete a file someone else still shows.
    /// </summary>
    public static bool CanAssign(string? value, string? current) =>
        value is null || value == current || !value.StartsWith(AvatarStore.UrlPrefix, StringComparison.OrdinalIgnoreCase);

    public static ProblemHttpResult NotAssignable() =>
        FieldProblem.BadRequest("avatar_url", "'avatar_url' cannot point at an uploaded avatar; upload the image instead.");

    /// <summary>
    /// A change of a row's avatar is written only while the row still holds the one the request read: an upload that
    /// replaced it meanwhile would otherwise leave its file with no row pointing at it, stored for good.
    /// </summary>
    public static ProblemHttpResult ChangedMeanwhile() =>
        Problems.Conflict("The avatar was changed by another request (an upload?) meanwhile; nothing was changed, try again.");
}

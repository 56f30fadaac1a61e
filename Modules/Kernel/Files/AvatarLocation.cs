using System.Linq.Expressions;
using System.Text.RegularExpressions;
using KissChat.Kernel.Http;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Kernel.Files;

/// <summary>What a client may write into an <c>avatar_url</c> field itself.</summary>
public static partial class AvatarLocation
{
    public const string Rule =
        "'avatar_url' must be an http(s) URL, an uploaded avatar's URL (/api/v1/avatars/<name>) or a file under /static/.";

    /// <summary>
    /// Only what can be an image: every viewer's browser loads the URL with their cookies, so any other path on this
    /// server (<c>/api/v1/user/export</c>, a search) would make each visitor run that request. Off-site URLs are left to
    /// the web app's Content-Security-Policy, which loads images from this server only; this server's own full URL,
    /// which that policy allows, cannot be told from another site's here, and is refused when it is loaded (KissChat.Web's
    /// ImageLoadCheck).
    /// </summary>
    public static bool IsAllowed(string? value) =>
        value is not null && (AvatarStore.IsStoredUrl(value) || StaticFile().IsMatch(value) || IsWebUrl(value));

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

    /// <summary>
    /// Writes a row's new <paramref name="avatar"/>, if it is not <paramref name="previous"/>, into the row as
    /// <paramref name="holdingPrevious"/> finds it: only while it still holds <paramref name="previous"/>. False when it no
    /// longer did (answer <see cref="ChangedMeanwhile"/>).
    /// </summary>
    public static async Task<bool> TryWriteAsync<TRow>(
        IQueryable<TRow> holdingPrevious, Expression<Func<TRow, string?>> avatarUrl, string? previous, string? avatar, CancellationToken cancellationToken) =>
        avatar == previous || await holdingPrevious.ExecuteUpdateAsync(s => s.SetProperty(avatarUrl, avatar), cancellationToken) > 0;

    /// <summary>
    /// Spelled out, since browsers read <c>https:/api/…</c> (one slash) as a path on the page's own server, and drop tabs
    /// and line breaks anywhere in a URL.
    /// </summary>
    private static bool IsWebUrl(string value) =>
        (value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        && !value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == '\\')
        && Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Host.Length > 0;

    /// <summary>
    /// A name under /static/, each part starting with a letter or digit: no <c>.</c> or <c>..</c> part (nor an encoded
    /// one) that a browser would resolve to a path outside the folder, and no query.
    /// </summary>
    [GeneratedRegex("^/static(/[A-Za-z0-9][A-Za-z0-9._~-]*)+\\z", RegexOptions.CultureInvariant)]
    private static partial Regex StaticFile();
}

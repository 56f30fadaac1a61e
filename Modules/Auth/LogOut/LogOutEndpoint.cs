using KissChat.Auth.Refresh;
using KissChat.Auth.Tokens;
using KissChat.Kernel.Http;

namespace KissChat.Auth.LogOut;

internal static class LogOutEndpoint
{
    /// <summary>Works with an expired access token too: the refresh token names the session to end.</summary>
    public static async Task<Ok<MessageResponse>> Handle(
        HttpRequest request, RefreshTokens refreshTokens, SessionCookies cookies, CancellationToken cancellationToken)
    {
        var raw = await RefreshEndpoint.RefreshTokenFrom(request, cancellationToken);
        if (!string.IsNullOrWhiteSpace(raw))
        {
            await refreshTokens.RevokeAsync(raw, cancellationToken);
        }

        cookies.Clear(request.HttpContext.Response);
        return TypedResults.Ok(new MessageResponse("Logged out."));
    }
}

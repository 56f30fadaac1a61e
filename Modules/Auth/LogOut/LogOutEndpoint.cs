using FastEndpoints;
using KissChat.Auth.Refresh;
using KissChat.Auth.Tokens;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;

namespace KissChat.Auth.LogOut;

/// <summary>Works with an expired access token too: the refresh token names the session to end.</summary>
internal sealed class LogOutEndpoint(RefreshTokens refreshTokens, SessionCookies cookies) : Endpoint<RefreshRequest, Ok<MessageResponse>>
{
    public override void Configure()
    {
        Post("/logout");
        Group<AuthGroup>();
        AllowAnonymous();
        Description(b => b.WithName("LogOut").OptionalJsonBody<RefreshRequest>().ProducesProblems(StatusCodes.Status400BadRequest));
        Summary(s => s.Summary = "End this session: revokes the refresh token and clears the cookies.");
    }

    public override async Task<Ok<MessageResponse>> ExecuteAsync(RefreshRequest request, CancellationToken ct)
    {
        var raw = request.TokenOrCookie(HttpContext.Request);
        if (!string.IsNullOrWhiteSpace(raw))
        {
            await refreshTokens.RevokeAsync(raw, ct);
        }

        cookies.Clear(HttpContext.Response);
        return TypedResults.Ok(new MessageResponse("Logged out."));
    }
}

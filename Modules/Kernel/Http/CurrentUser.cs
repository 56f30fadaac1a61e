using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace KissChat.Kernel.Http;

/// <summary>The signed-in user of the current request; handlers take this instead of reading claims.</summary>
public sealed class CurrentUser(IHttpContextAccessor accessor)
{
    public Guid Id => TryGetId(accessor.HttpContext?.User) ?? throw new InvalidOperationException("No signed-in user on this request.");

    public static Guid? TryGetId(ClaimsPrincipal? principal) =>
        Guid.TryParse(principal?.FindFirstValue(ClaimTypes.NameIdentifier) ?? principal?.FindFirstValue("sub"), out var id) ? id : null;

    /// <summary>
    /// On a route open to visitors, which authenticates nobody by itself: the user whose live session the request
    /// carries, or null for a visitor (no session, or one that is expired, ended or refused).
    /// </summary>
    public async Task<Guid?> FindAsync()
    {
        var context = accessor.HttpContext ?? throw new InvalidOperationException("No request.");
        if (TryGetId(context.User) is { } id)
        {
            return id;
        }

        var result = await context.AuthenticateAsync(SessionScheme.Name);
        if (!result.Succeeded)
        {
            return null;
        }

        context.User = result.Principal;
        return TryGetId(result.Principal);
    }
}

using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace KissChat.Kernel.Http;

/// <summary>The signed-in user of the current request; handlers take this instead of reading claims.</summary>
public sealed class CurrentUser(IHttpContextAccessor accessor)
{
    public Guid Id => TryGetId(accessor.HttpContext?.User) ?? throw new InvalidOperationException("No signed-in user on this request.");

    public static Guid? TryGetId(ClaimsPrincipal? principal) =>
        Guid.TryParse(principal?.FindFirstValue(ClaimTypes.NameIdentifier) ?? principal?.FindFirstValue("sub"), out var id) ? id : null;
}

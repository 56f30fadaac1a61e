using KissChat.Kernel.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace KissChat.Admin.Administrators;

/// <summary>The authorization policy of every admin route: signed in, and an administrator (else 403, before the body is read).</summary>
internal sealed class AdministratorsOnly : IAuthorizationRequirement
{
    public const string Policy = "Administrators";
}

internal sealed class AdministratorsOnlyHandler(Administrators administrators, IHttpContextAccessor accessor) : AuthorizationHandler<AdministratorsOnly>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, AdministratorsOnly requirement)
    {
        if (CurrentUser.TryGetId(context.User) is { } userId
            && await administrators.IsAdministratorAsync(userId, accessor.HttpContext?.RequestAborted ?? CancellationToken.None))
        {
            context.Succeed(requirement);
        }
    }
}

using KissChat.Kernel.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Admin.Administrators;

/// <summary>The authorization policy of every admin route: signed in, and an administrator (else 403, before the body is read).</summary>
internal sealed class AdministratorsOnly : IAuthorizationRequirement
{
    public const string Policy = "Administrators";
}

/// <remarks>
/// Every authorized request builds every authorization handler, a reply's stream among them, and keeps it for as long
/// as it lasts; so <see cref="Administrators"/> (and its database context) is taken from the request's scope only when
/// this requirement is checked.
/// </remarks>
internal sealed class AdministratorsOnlyHandler(IServiceProvider requestScope, IHttpContextAccessor accessor) : AuthorizationHandler<AdministratorsOnly>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, AdministratorsOnly requirement)
    {
        if (CurrentUser.TryGetId(context.User) is { } userId
            && await requestScope.GetRequiredService<Administrators>().IsAdministratorAsync(userId, accessor.HttpContext?.RequestAborted ?? CancellationToken.None))
        {
            context.Succeed(requirement);
        }
    }
}

using Microsoft.AspNetCore.Identity;

namespace KissChat.Kernel.Identity;

/// <summary>The account row owned by ASP.NET Identity; every module's data hangs off its id.</summary>
public sealed class AppUser : IdentityUser<Guid>;

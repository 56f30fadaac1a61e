using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Kernel.Database;

/// <summary>
/// Database work in a scope of its own, ended as soon as the work is: for code that lives long (a job awaiting its model,
/// an open stream) and must not keep a pooled context leased for all that time.
/// </summary>
public static class ShortScopes
{
    public static async Task<T> InScopeAsync<T>(this IServiceScopeFactory scopes, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public static Task<T> WithDatabaseAsync<T>(this IServiceScopeFactory scopes, Func<KissChatDbContext, Task<T>> work) =>
        scopes.InScopeAsync(scope => work(scope.GetRequiredService<KissChatDbContext>()));
}

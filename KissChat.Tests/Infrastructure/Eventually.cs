namespace KissChat.Tests.Infrastructure;

/// <summary>Waits for what the server does after its answer (a refund once a closed stream is noticed).</summary>
public static class Eventually
{
    /// <summary>The first value read that satisfies <paramref name="done"/>; the last one read after <paramref name="timeout"/> (10 s) otherwise.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        var value = await read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            value = await read();
        }

        return value;
    }
}

using Microsoft.Playwright;

namespace KissChat.Tests.WebApp;

/// <summary>A page's request held back by a route until <see cref="ReleaseAsync"/>: an answer made to come late.</summary>
internal sealed class HeldRequest
{
    private readonly IPage page;
    private readonly string url;
    private readonly TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<IRequest> arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HeldRequest(IPage page, string url)
    {
        this.page = page;
        this.url = url;
    }

    /// <summary>Holds the page's next request whose URL contains <paramref name="url"/>; those after it go on once it is released.</summary>
    public static async Task<HeldRequest> HoldAsync(IPage page, string url)
    {
        var held = new HeldRequest(page, url);
        await page.RouteAsync(address => address.Contains(url, StringComparison.Ordinal), held.RouteAsync);
        return held;
    }

    /// <summary>The held request, once the page has made it.</summary>
    public Task<IRequest> Arrived => arrived.Task;

    /// <summary>Lets the request go on and waits for its answer to have come.</summary>
    public async Task ReleaseAsync()
    {
        var request = await arrived.Task;
        release.SetResult();
        var response = await request.ResponseAsync();
        await response!.FinishedAsync();
        // The page handles the answer after its body has come: a moment lets that run before the test looks.
        await page.WaitForTimeoutAsync(200);
    }

    private async Task RouteAsync(IRoute route)
    {
        arrived.TrySetResult(route.Request);
        await release.Task;
        await route.ContinueAsync();
    }
}

using KissChat.Tests.Infrastructure;
using Microsoft.Playwright;

namespace KissChat.Tests.WebApp;

/// <summary>
/// A KissChat server on SQLite with the fake model, and Debian's Chromium driven by Playwright (browsers cannot be
/// downloaded here; <c>.ci/run</c> installs the <c>chromium</c> package). Each test opens its own browser context.
/// </summary>
public sealed class WebAppFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? playwright;

    public WebAppServer Server { get; } = new();

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Server.InitializeAsync();
        Assertions.SetDefaultExpectTimeout(30_000);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Root in a container has no user namespaces for Chromium's sandbox.
            Args = ["--no-sandbox"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>A fresh browser (own cookies and storage) on the app, with generous timeouts for a busy machine.</summary>
    /// <param name="timeZone">The browser's time zone (IANA); the machine's when null.</param>
    public async Task<IPage> OpenAppAsync(string? timeZone = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Server.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1000, Height = 760 },
            ColorScheme = ColorScheme.Light,
            TimezoneId = timeZone,
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Console.Error.WriteLine($"Browser console: {message.Text}");
            }
        };
        await page.GotoAsync("/");
        return page;
    }
}

/// <summary>The fake model's server with deadlines long enough for a test to hold a stream across a page reload.</summary>
public sealed class WebAppServer() : ChatServer(TestDatabase.Sqlite)
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        .. base.Settings(),
        new("Inference:FirstTokenTimeoutSeconds", "60"),
        new("Inference:IdleTimeoutSeconds", "60"),
        new("Inference:TotalTimeoutSeconds", "120"),
    ];
}

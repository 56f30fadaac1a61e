using KissChat.Web;

namespace KissChat.Benchmarks.Streams;

/// <summary>The <c>server</c> child: KissChat as KissChat.Web's Program runs it, with the settings on its command line.</summary>
internal static class ServerMode
{
    public static async Task<int> RunAsync(string[] settings)
    {
        var app = await KissChatApp.CreateAsync(settings);
        ParentWatch.StopWhenParentExits(app.Lifetime);
        await app.RunAsync();
        return 0;
    }
}

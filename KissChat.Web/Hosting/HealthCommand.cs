namespace KissChat.Web.Hosting;

/// <summary>
/// <c>dotnet KissChat.Web.dll health</c>: asks the server running in this container whether it is live, for Docker's
/// <c>HEALTHCHECK</c> (the ASP.NET image has no curl). Exit code 0 when <c>/health/live</c> answers 2xx within 5 s, 1
/// otherwise, with one line saying why. It reads the port as the server does (<see cref="HostingSetup.ListeningPort"/>).
/// </summary>
internal static class HealthCommand
{
    public static int Run(IConfiguration configuration)
    {
        var address = LiveAddress(configuration);
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            using var answer = client.GetAsync(address).GetAwaiter().GetResult();
            if (answer.IsSuccessStatusCode)
            {
                return 0;
            }

            Console.Error.WriteLine($"{address} answered {(int)answer.StatusCode}.");
            return 1;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            Console.Error.WriteLine($"{address} did not answer: {exception.Message}");
            return 1;
        }
    }

    private static Uri LiveAddress(IConfiguration configuration) => new($"http://127.0.0.1:{HostingSetup.ListeningPort(configuration)}/health/live");
}

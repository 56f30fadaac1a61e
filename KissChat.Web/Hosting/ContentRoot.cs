namespace KissChat.Web.Hosting;

/// <summary>
/// appsettings.json and wwwroot live beside the application, so the content root is the application's folder wherever
/// the server is started from (<c>cd / &amp;&amp; dotnet /app/KissChat.Web.dll</c>), unless <c>--contentRoot</c> or
/// <c>ASPNETCORE_CONTENTROOT</c>/<c>DOTNET_CONTENTROOT</c> names another.
/// </summary>
internal static class ContentRoot
{
    public static WebApplicationOptions Options(string[] args) => new()
    {
        Args = args,
        ContentRootPath = IsGiven(args) ? null : AppContext.BaseDirectory,
    };

    // Read as the host reads it, so every spelling it accepts counts.
    private static bool IsGiven(string[] args) =>
        !string.IsNullOrEmpty(new ConfigurationBuilder()
            .AddEnvironmentVariables("DOTNET_")
            .AddEnvironmentVariables("ASPNETCORE_")
            .AddCommandLine(args)
            .Build()[WebHostDefaults.ContentRootKey]);
}

using KissChat.Admin;
using KissChat.Auth;
using KissChat.Characters;
using KissChat.Chats;
using KissChat.Inference;
using KissChat.Jobs;
using KissChat.Kernel;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Lorebooks;
using KissChat.Personas;
using KissChat.Presets;
using KissChat.Users;
using KissChat.Web.Hosting;
using KissChat.Web.Observability;
using KissChat.Web.OpenApi;
using KissChat.Web.WebApp;

namespace KissChat.Web;

/// <summary>The table of contents: which modules make up KissChat and in what order requests meet them.</summary>
public static class KissChatApp
{
    /// <param name="replaceServices">
    /// Registrations made after KissChat's own, so they win: a test's clock or job handler. None outside the tests.
    /// </param>
    public static async Task<WebApplication> CreateAsync(string[] args, Action<IServiceCollection>? replaceServices = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateBuilder(ContentRoot.Options(args));
        builder.AddKissChatHosting()
            .AddKissChatLogs()
            .AddKissChatTelemetry();

        builder.Services
            .AddKernel(builder.Configuration)
            .AddAuth(builder.Configuration)
            .AddUsers()
            .AddCharacters(builder.Configuration)
            .AddPersonas()
            .AddLorebooks()
            .AddInference(builder.Configuration)
            .AddPresets()
            .AddJobs(builder.Configuration)
            .AddChats(builder.Configuration)
            .AddAdmin(builder.Configuration)
            .AddKissChatEndpoints(typeof(KissChatApp).Assembly);
        replaceServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseKissChatPipeline();

        app.MapHealthProbes();
        app.UseKissChatEndpoints();
        app.MapApiDocuments();
        app.MapWebApp();

        await app.MigrateDatabaseAsync(cancellationToken);
        return app;
    }
}

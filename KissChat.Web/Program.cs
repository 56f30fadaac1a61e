using KissChat.Web;
using KissChat.Web.Hosting;

if (DataCommands.TryRun(args) is { } exitCode)
{
    return exitCode;
}

var app = await KissChatApp.CreateAsync(args);
await app.RunAsync();
return 0;

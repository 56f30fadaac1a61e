using KissChat.Web;
using KissChat.Web.Hosting;

if (DataCommands.TryRun(args) is { } exitCode)
{
    return exitCode;
}

WebApplication app;
try
{
    app = await KissChatApp.CreateAsync(args);
    await app.StartAsync();
}
catch (Exception exception) when (StartupProblems.Explain(exception) is { } problem)
{
    // One line an operator can act on, not a stack trace: the setting, and what it takes.
    Console.Error.WriteLine($"KissChat cannot start: {problem}");
    return 1;
}

await app.WaitForShutdownAsync();
return 0;

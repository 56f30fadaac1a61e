using KissChat.Kernel.Configuration;
using KissChat.Web;
using KissChat.Web.Hosting;

if (DataCommands.TryRun(args) is { } exitCode)
{
    return exitCode;
}

try
{
    var app = await KissChatApp.CreateAsync(args);
    await app.RunAsync();
    return 0;
}
catch (Exception exception) when (StartupProblems.Explain(exception) is { } problem)
{
    // One line an operator can act on, not a stack trace: the setting, and what it takes.
    Console.Error.WriteLine($"KissChat cannot start: {problem}");
    return 1;
}

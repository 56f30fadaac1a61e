using KissChat.Kernel.Backups;
using KissChat.Kernel.Configuration;

namespace KissChat.Web.Hosting;

/// <summary>
/// <c>dotnet KissChat.Web.dll backup &lt;file&gt;</c> and <c>restore &lt;file&gt;</c>: the operator's commands, run instead of the
/// server with the server's own configuration (appsettings.json, environment, the <c>--key=value</c> arguments after the
/// file), so they find the same data folder. A backup may be taken while the server runs. <c>health</c> is the container's
/// health check (<see cref="HealthCommand"/>).
/// </summary>
internal static class DataCommands
{
    private const string Usage = "Usage: dotnet KissChat.Web.dll backup|restore <file> [--DATA_DIR=<folder>] | health";

    /// <summary>The command's exit code, or null when the arguments name no command (then the server starts).</summary>
    public static int? TryRun(string[] args)
    {
        if (args is ["health", ..])
        {
            return HealthCommand.Run(WebApplication.CreateBuilder(ContentRoot.Options(args[1..])).Configuration);
        }

        if (args is not [("backup" or "restore") and var command, ..])
        {
            return null;
        }

        if (args is not [_, var file, ..] || file.StartsWith('-'))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var configuration = WebApplication.CreateBuilder(ContentRoot.Options(args[2..])).Configuration;
        try
        {
            Console.WriteLine(command == "backup" ? DataBackup.Backup(configuration, file) : DataBackup.Restore(configuration, file));
            return 0;
        }
        catch (Exception refused) when (refused is DataBackupException or ConfigurationProblem)
        {
            Console.Error.WriteLine(refused.Message);
            return 1;
        }
    }
}

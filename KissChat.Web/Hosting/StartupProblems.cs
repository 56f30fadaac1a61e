using System.Data.Common;
using KissChat.Kernel.Configuration;
using KissChat.Kernel.Database;

namespace KissChat.Web.Hosting;

/// <summary>What stops a start that an operator fixes in the settings or the environment, said as one line.</summary>
internal static class StartupProblems
{
    /// <summary>
    /// The line to print for <paramref name="exception"/>; null for a fault of the server itself, which keeps its stack
    /// trace. Of the database's errors only those of its address and credentials: out of reach, a wrong password or user,
    /// no such database.
    /// </summary>
    public static string? Explain(Exception exception) => exception switch
    {
        AggregateException { InnerExceptions.Count: 1 } single => Explain(single.InnerExceptions[0]),
        ConfigurationProblem problem => problem.Message,
        SchemaScriptFailure failure => failure.Message,
        // The configuration binder's "Failed to convert configuration value at 'Inference:MaxTokens' to type 'System.Int32'."
        InvalidOperationException { InnerException: { } cause } unreadable when unreadable.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) =>
            $"{unreadable.Message} {cause.Message}",
        _ when Database(exception) is { } database && (DatabaseUnavailable.Is(exception) || database.SqlState is "28P01" or "28000" or "3D000") =>
            $"the database refused to serve: {database.Message}" + (database.GetBaseException() is { } cause && cause != database ? $" ({cause.Message})" : ""),
        _ => null,
    };

    /// <summary>The database's own error, however EF wrapped it (its retrying strategy gives up with one of its own).</summary>
    private static DbException? Database(Exception exception)
    {
        for (Exception? cause = exception; cause is not null; cause = cause.InnerException)
        {
            if (cause is DbException database)
            {
                return database;
            }
        }

        return null;
    }
}

using System.Data.Common;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using KissChat.Kernel.Telemetry;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace KissChat.Kernel.Database;

/// <summary>
/// A span per SQLite command, which Microsoft.Data.Sqlite does not trace itself (Npgsql does, for PostgreSQL). The
/// SQL text has parameters, never their values. Nothing is done unless spans are recorded.
/// </summary>
internal sealed class SqliteCommandTracing : DbCommandInterceptor
{
    private readonly ConditionalWeakTable<DbCommand, Activity> running = [];

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
        Start(command, result);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Start(command, result));

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) =>
        Start(command, result);

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Start(command, result));

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) =>
        Start(command, result);

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Start(command, result));

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result) => Stop(command, result);

    public override ValueTask<DbDataReader> ReaderExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Stop(command, result));

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result) => Stop(command, result);

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Stop(command, result));

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result) => Stop(command, result);

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Stop(command, result));

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Stop(command, 0, eventData.Exception);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Stop(command, 0, eventData.Exception);
        return Task.CompletedTask;
    }

    public override void CommandCanceled(DbCommand command, CommandEndEventData eventData) => Stop(command, 0);

    public override Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Stop(command, 0);
        return Task.CompletedTask;
    }

    private T Start<T>(DbCommand command, T result)
    {
        if (!KissChatTelemetry.Source.HasListeners())
        {
            return result;
        }

        var text = command.CommandText.AsSpan().TrimStart();
        var end = text.IndexOfAny(" \t\r\n");
        var operation = (end < 0 ? text : text[..end]).ToString().ToUpperInvariant();
        var activity = KissChatTelemetry.Source.StartActivity($"{operation} sqlite", ActivityKind.Client);
        if (activity is not null)
        {
            activity.SetTag("db.system.name", "sqlite");
            activity.SetTag("db.operation.name", operation);
            activity.SetTag("db.query.text", command.CommandText);
            running.AddOrUpdate(command, activity);
        }

        return result;
    }

    private T Stop<T>(DbCommand command, T result, Exception? failure = null)
    {
        if (KissChatTelemetry.Source.HasListeners() && running.TryGetValue(command, out var activity))
        {
            running.Remove(command);
            if (failure is not null)
            {
                activity.SetStatus(ActivityStatusCode.Error, failure.GetType().Name);
            }

            activity.Stop();
        }

        return result;
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace KissChat.Tests.Infrastructure;

/// <summary>
/// The SQL the server runs for the requests of one client: it sends a trace id of its own (<c>traceparent</c>), and
/// EF's commands, heard on its diagnostic listener, are kept when they run in that trace. Other tests' servers in the
/// same process run theirs in other traces.
/// </summary>
public sealed class RequestCommands : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly ActivityTraceId trace = ActivityTraceId.CreateRandom();
    private readonly ConcurrentQueue<string> commands = new();
    private readonly ConcurrentBag<IDisposable> subscriptions = [];

    private RequestCommands()
    {
        subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
    }

    /// <summary>Each command's text, in the order they ran.</summary>
    public IReadOnlyCollection<string> Texts => commands;

    /// <summary>
    /// Called with each command's text before it runs, on the server's thread, which waits for it: a test's way in between
    /// two statements of one request.
    /// </summary>
    public Action<string>? BeforeEach { get; set; }

    /// <summary>Records the commands of <paramref name="client"/>'s requests from now on.</summary>
    public static RequestCommands Of(HttpClient client)
    {
        var recorder = new RequestCommands();
        client.DefaultRequestHeaders.Remove("traceparent");
        client.DefaultRequestHeaders.Add("traceparent", $"00-{recorder.trace.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        return recorder;
    }

    public void Clear() => commands.Clear();

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
        {
            subscriptions.Add(listener.Subscribe(this));
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == RelationalEventId.CommandExecuting.Name && value.Value is CommandEventData data && Activity.Current?.TraceId == trace)
        {
            BeforeEach?.Invoke(data.Command.CommandText);
            commands.Enqueue(data.Command.CommandText);
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        foreach (var subscription in subscriptions)
        {
            subscription.Dispose();
        }
    }
}

using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace KissChat.Web.Observability;

/// <summary>
/// One JSON object per log line: <c>timestamp</c>, <c>level</c>, <c>category</c>, <c>message</c>, the current
/// <c>trace_id</c>/<c>span_id</c>, the <c>job_id</c> and <c>user_id</c> the line is about (from its own values or its
/// scopes), the message's other values under <c>fields</c>, and <c>exception</c>.
/// </summary>
internal sealed class JsonLineFormatter(TimeProvider clock) : ConsoleFormatter(Name)
{
    public new const string Name = "kisschat-json";

    private const string JobId = "JobId";
    private const string UserId = "UserId";
    private const string OriginalFormat = "{OriginalFormat}";
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        var values = logEntry.State as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
        var (jobId, userId) = (Find(values, JobId), Find(values, UserId));
        scopeProvider?.ForEachScope(
            (scope, _) =>
            {
                if (scope is IReadOnlyList<KeyValuePair<string, object?>> scopeValues)
                {
                    jobId ??= Find(scopeValues, JobId);
                    userId ??= Find(scopeValues, UserId);
                }
            },
            (object?)null);

        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", clock.GetUtcNow());
            json.WriteString("level", logEntry.LogLevel.ToString().ToLowerInvariant());
            json.WriteString("category", logEntry.Category);
            json.WriteString("message", message);
            if (Activity.Current is { } activity)
            {
                json.WriteString("trace_id", activity.TraceId.ToHexString());
                json.WriteString("span_id", activity.SpanId.ToHexString());
            }

            WriteIfSet(json, "job_id", jobId);
            WriteIfSet(json, "user_id", userId);
            WriteFields(json, values);
            if (logEntry.Exception is { } exception)
            {
                json.WriteString("exception", exception.ToString());
            }

            json.WriteEndObject();
        }

        textWriter.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private static string? Find(IReadOnlyList<KeyValuePair<string, object?>> values, string key)
    {
        foreach (var (name, value) in values)
        {
            if (name == key && value is not null)
            {
                return Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    private static void WriteIfSet(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteFields(Utf8JsonWriter json, IReadOnlyList<KeyValuePair<string, object?>> values)
    {
        var started = false;
        foreach (var (name, value) in values)
        {
            if (name is JobId or UserId or OriginalFormat)
            {
                continue;
            }

            if (!started)
            {
                json.WriteStartObject("fields");
                started = true;
            }

            switch (value)
            {
                case null:
                    json.WriteNull(name);
                    break;
                case bool flag:
                    json.WriteBoolean(name, flag);
                    break;
                case int or long or double or float or decimal or short or byte or uint or ulong:
                    json.WriteNumber(name, Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture));
                    break;
                default:
                    json.WriteString(name, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                    break;
            }
        }

        if (started)
        {
            json.WriteEndObject();
        }
    }
}

using KissChat.Inference.Contracts;
using Microsoft.Extensions.Logging;

namespace KissChat.Inference.OpenAiCompatible;

/// <summary>
/// The logger of <see cref="Microsoft.Extensions.AI.LoggingChatClient"/>. A provider's failure is lowered to Debug: every
/// caller (a reply, a summary, a title, an impersonation) catches it and logs it once, naming its job or chat, where the
/// client's own error line said it a second time, trace and all. Unless <c>Telemetry:IncludeContent</c> is on, Trace is
/// never enabled, since the client writes prompts and replies only at Trace; every other level follows the configured
/// ones (a category filter would have replaced them and let its Debug lines through).
/// </summary>
internal sealed class ModelClientLogger(ILogger inner, bool includeContent) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => (includeContent || logLevel > LogLevel.Trace) && inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var level = exception is ModelProviderException && logLevel > LogLevel.Debug ? LogLevel.Debug : logLevel;
        if (IsEnabled(level))
        {
            inner.Log(level, eventId, state, exception, formatter);
        }
    }
}

using Microsoft.Extensions.Logging;

namespace KissChat.Inference.OpenAiCompatible;

/// <summary>
/// The model client's logger unless <c>Telemetry:IncludeContent</c> is on: <see cref="Microsoft.Extensions.AI.LoggingChatClient"/>
/// writes prompts and replies only at Trace level, so Trace is never enabled here; every other level follows the
/// configured ones (a category filter would have replaced them and let its Debug lines through).
/// </summary>
internal sealed class ContentFreeLogger(ILogger inner) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => logLevel > LogLevel.Trace && inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}

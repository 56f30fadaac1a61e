using KissChat.Inference.Contracts;
using KissChat.Inference.OpenAiCompatible;
using KissChat.Kernel.Telemetry;
using KissChat.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KissChat.Tests.Inference;

public sealed class ModelClientLogTests
{
    [Fact]
    public async Task PromptsAndRepliesAreNotLoggedEvenAtTraceUnlessContentIsIncluded()
    {
        var withoutContent = await LogOfOneReplyAsync(LogLevel.Trace, includeContent: false);
        var withContent = await LogOfOneReplyAsync(LogLevel.Trace, includeContent: true);

        Assert.Contains(withoutContent, line => line.Level == LogLevel.Debug);
        Assert.DoesNotContain(withoutContent, line => line.Text.Contains("innkeeper") || line.Text.Contains("guest"));
        Assert.Contains(withContent, line => line.Level == LogLevel.Trace && line.Text.Contains("innkeeper"));
    }

    [Fact]
    public async Task TheConfiguredLevelStillHoldsForTheModelClient()
    {
        var lines = await LogOfOneReplyAsync(LogLevel.Warning, includeContent: false);

        Assert.Empty(lines);
    }

    [Fact]
    public async Task AProvidersFailureIsLeftToItsCallerToLogBelowDebug()
    {
        var atDebug = await LogOfOneFailureAsync(LogLevel.Debug);
        var atInformation = await LogOfOneFailureAsync(LogLevel.Information);

        // Every caller logs the failure once, naming its job or chat; the client's own line stays for debugging.
        Assert.Contains(atDebug, line => line.Level == LogLevel.Debug && line.Exception is ModelProviderException);
        Assert.Empty(atInformation);
    }

    private static async Task<List<LogLine>> LogOfOneReplyAsync(LogLevel minimum, bool includeContent)
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Enqueue(ModelScript.Stream(["Of", " course", ", dear", " guest."]));
        var capture = new CapturingLoggerProvider();
        await using var services = Services(capture, minimum, includeContent);
        using var client = OpenAiCompatibleChatClient.Create(ProviderClients.Options(server.Endpoint), services);

        Assert.Equal("Of course, dear guest.", string.Concat(await ProviderClients.CollectTextAsync(client)));
        return [.. capture.Lines];
    }

    private static async Task<List<LogLine>> LogOfOneFailureAsync(LogLevel minimum)
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Enqueue(ModelScript.Status(401, """{"error":{"message":"bad key"}}"""));
        var capture = new CapturingLoggerProvider();
        await using var services = Services(capture, minimum, includeContent: false);
        using var client = OpenAiCompatibleChatClient.Create(ProviderClients.Options(server.Endpoint), services);

        await Assert.ThrowsAsync<ModelProviderException>(() => ProviderClients.CollectTextAsync(client));
        return [.. capture.Lines];
    }

    private static ServiceProvider Services(CapturingLoggerProvider capture, LogLevel minimum, bool includeContent) =>
        new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(minimum).AddProvider(capture))
            .AddSingleton(new TelemetrySettings(IncludeContent: includeContent, Tracing: false))
            .BuildServiceProvider();

    private sealed record LogLine(LogLevel Level, string Text, Exception? Exception);

    private sealed class CapturingLoggerProvider : ILoggerProvider, ILogger
    {
        public List<LogLine> Lines { get; } = [];

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines)
            {
                Lines.Add(new LogLine(logLevel, formatter(state, exception), exception));
            }
        }

        public void Dispose()
        {
        }
    }
}

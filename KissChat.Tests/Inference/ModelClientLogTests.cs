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

    private static async Task<List<(LogLevel Level, string Text)>> LogOfOneReplyAsync(LogLevel minimum, bool includeContent)
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Enqueue(ModelScript.Stream(["Of", " course", ", dear", " guest."]));
        var capture = new CapturingLoggerProvider();
        await using var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(minimum).AddProvider(capture))
            .AddSingleton(new TelemetrySettings(IncludeContent: includeContent, Tracing: false))
            .BuildServiceProvider();
        using var client = OpenAiCompatibleChatClient.Create(ProviderClients.Options(server.Endpoint), services);

        Assert.Equal("Of course, dear guest.", string.Concat(await ProviderClients.CollectTextAsync(client)));
        return [.. capture.Lines];
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider, ILogger
    {
        public List<(LogLevel Level, string Text)> Lines { get; } = [];

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines)
            {
                Lines.Add((logLevel, formatter(state, exception)));
            }
        }

        public void Dispose()
        {
        }
    }
}

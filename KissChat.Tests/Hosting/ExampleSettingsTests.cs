using KissChat.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace KissChat.Tests.Hosting;

public sealed class ExampleSettingsTests
{
    private static readonly string ExampleFile = Path.Combine(Repository.Root, "appsettings.example.json");

    [Theory]
    [InlineData("PORT", "8080")]
    [InlineData("Inference:MaxTokens", "1024")]
    [InlineData("Inference:Temperature", "0.7")]
    [InlineData("Jobs:Concurrency", "5")]
    [InlineData("Jobs:BackgroundConcurrency", "2")]
    [InlineData("Jobs:KeepAliveSeconds", "15")]
    [InlineData("Chats:MaxPromptCharacters", "8000")]
    [InlineData("Characters:TagListSeconds", "30")]
    [InlineData("RateLimits:OpenStreamsPerUser", "10")]
    [InlineData("RateLimits:ImportsPerUserPerMinute", "20")]
    [InlineData("Auth:AccessTokenMinutes", "60")]
    [InlineData("Auth:SessionCheckSeconds", "5")]
    [InlineData("VASTAI_MODEL", "huihui_ai/qwen3-abliterated:8b")]
    [InlineData("Metrics:Prometheus", "False")]
    [InlineData("Health:ProviderCheckSeconds", "30")]
    public void TheDocumentedExampleLoadsAndStatesTheDefaults(string key, string expected)
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(ExampleFile).Build();

        Assert.Equal(expected, configuration[key]);
    }
}

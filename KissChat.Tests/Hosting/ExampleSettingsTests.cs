using Microsoft.Extensions.Configuration;

namespace KissChat.Tests.Hosting;

public sealed class ExampleSettingsTests
{
    private static readonly string ExampleFile = Path.Combine(FindRepositoryRoot(), "appsettings.example.json");

    [Theory]
    [InlineData("PORT", "8080")]
    [InlineData("Inference:MaxTokens", "1024")]
    [InlineData("Inference:Temperature", "0.7")]
    [InlineData("Jobs:Concurrency", "5")]
    [InlineData("Jobs:KeepAliveSeconds", "15")]
    [InlineData("Chats:MaxPromptCharacters", "8000")]
    [InlineData("RateLimits:OpenStreamsPerUser", "10")]
    [InlineData("Auth:AccessTokenMinutes", "60")]
    [InlineData("VASTAI_MODEL", "huihui_ai/qwen3-abliterated:8b")]
    public void TheDocumentedExampleLoadsAndStatesTheDefaults(string key, string expected)
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(ExampleFile).Build();

        Assert.Equal(expected, configuration[key]);
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "KissChat.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("KissChat.sln not found above the test binaries.");
    }
}

using KissChat.Inference;
using KissChat.Inference.Contracts;
using KissChat.Inference.OpenAiCompatible;
using KissChat.Kernel.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Tests.Inference;

public sealed class ProviderSelectionTests
{
    [Fact]
    public void WithNothingConfiguredTheDemoModelIsUsed()
    {
        using var services = Build([]);

        Assert.Equal(InferenceProvider.Demo, services.GetRequiredService<InferenceOptions>().Provider);
        Assert.NotNull(services.GetRequiredService<IChatClient>().GetService<DemoChatClient>());
    }

    [Fact]
    public void AVastaiInstanceIpSelectsVastaiWithItsDefaults()
    {
        using var services = Build(new() { ["VASTAI_INSTANCE_IP"] = "10.1.2.3", ["OPENROUTER_API_KEY"] = "or-key" });
        var options = services.GetRequiredService<InferenceOptions>();

        Assert.Equal(InferenceProvider.VastAi, options.Provider);
        Assert.Equal(new Uri("http://10.1.2.3:5000/v1"), options.Endpoint);
        Assert.Equal("huihui_ai/qwen3-abliterated:8b", options.DefaultModel);
        Assert.Equal("", options.ApiKey);
        Assert.NotNull(services.GetRequiredService<IChatClient>().GetService<ReliableChatClient>());
    }

    [Fact]
    public void VastaiPortTokenAndModelComeFromTheirKeys()
    {
        using var services = Build(new()
        {
            ["VASTAI_INSTANCE_IP"] = "10.1.2.3",
            ["VASTAI_INSTANCE_PORT"] = "41234",
            ["VASTAI_OPEN_BUTTON_TOKEN"] = "open-sesame",
            ["VASTAI_MODEL"] = "llama3:8b",
        });
        var options = services.GetRequiredService<InferenceOptions>();

        Assert.Equal(new Uri("http://10.1.2.3:41234/v1"), options.Endpoint);
        Assert.Equal("open-sesame", options.ApiKey);
        Assert.Equal("llama3:8b", options.DefaultModel);
    }

    /// <summary>The example settings call the address http://IP:PORT/v1, so a URL there is taken as the server's address.</summary>
    [Theory]
    [InlineData("http://10.1.2.3:41234/v1", "http://10.1.2.3:41234/v1")]
    [InlineData("https://gpu.example.test", "https://gpu.example.test/v1")]
    [InlineData("gpu.example.test", "http://gpu.example.test:5000/v1")]
    public void AVastaiAddressMayBeAHostOrAUrl(string given, string endpoint)
    {
        using var services = Build(new() { ["VASTAI_INSTANCE_IP"] = given });

        Assert.Equal(new Uri(endpoint), services.GetRequiredService<InferenceOptions>().Endpoint);
    }

    [Theory]
    [InlineData("VASTAI_INSTANCE_IP", "127.0.0.1:5000/v1")]
    [InlineData("OPENROUTER_BASE_URL", "ftp://example.test/v1")]
    public void AnAddressThatIsNeitherAHostNorAnHttpUrlIsRefusedByName(string setting, string value)
    {
        var problem = Assert.Throws<KissChat.Kernel.Configuration.ConfigurationProblem>(() => Build(new() { ["OPENROUTER_API_KEY"] = "or-key", [setting] = value }));

        Assert.StartsWith(setting, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOpenrouterKeyAloneSelectsOpenrouterWithItsDefaults()
    {
        using var services = Build(new() { ["OPENROUTER_API_KEY"] = "or-key" });
        var options = services.GetRequiredService<InferenceOptions>();

        Assert.Equal(InferenceProvider.OpenRouter, options.Provider);
        Assert.Equal(new Uri("https://openrouter.ai/api/v1"), options.Endpoint);
        Assert.Equal("cognitivecomputations/dolphin-mistral-24b-venice-edition:free", options.DefaultModel);
        Assert.Equal("or-key", options.ApiKey);
        Assert.NotNull(services.GetRequiredService<IChatClient>().GetService<ReliableChatClient>());
    }

    [Fact]
    public void AnExplicitProviderWinsOverTheAutomaticChoice()
    {
        using var services = Build(new()
        {
            ["AI_PROVIDER"] = "OpenRouter",
            ["VASTAI_INSTANCE_IP"] = "10.1.2.3",
            ["OPENROUTER_API_KEY"] = "or-key",
            ["OPENROUTER_MODEL"] = "some/model",
            ["OPENROUTER_BASE_URL"] = "https://proxy.example/api/v1",
        });
        var options = services.GetRequiredService<InferenceOptions>();

        Assert.Equal(InferenceProvider.OpenRouter, options.Provider);
        Assert.Equal("some/model", options.DefaultModel);
        Assert.Equal(new Uri("https://proxy.example/api/v1"), options.Endpoint);
    }

    [Fact]
    public void DemoCanBeForcedEvenWhenAProviderIsConfigured()
    {
        using var services = Build(new() { ["AI_PROVIDER"] = "demo", ["OPENROUTER_API_KEY"] = "or-key" });

        Assert.NotNull(services.GetRequiredService<IChatClient>().GetService<DemoChatClient>());
    }

    [Fact]
    public void AnUnknownProviderStopsStartupWithAClearMessage()
    {
        var failure = Assert.Throws<KissChat.Kernel.Configuration.ConfigurationProblem>(() => Build(new() { ["AI_PROVIDER"] = "openai" }));

        Assert.Contains("AI_PROVIDER is 'openai'", failure.Message);
        Assert.Contains("vastai, openrouter or demo", failure.Message);
    }

    [Theory]
    [InlineData("vastai", "VASTAI_INSTANCE_IP")]
    [InlineData("openrouter", "OPENROUTER_API_KEY")]
    public void AChosenProviderWithoutItsRequiredKeyStopsStartup(string provider, string missingKey)
    {
        var failure = Assert.Throws<KissChat.Kernel.Configuration.ConfigurationProblem>(() => Build(new() { ["AI_PROVIDER"] = provider }));

        Assert.Contains(missingKey, failure.Message);
    }

    [Fact]
    public void TheInferenceSectionDefaultsApplyWhenItIsAbsent()
    {
        using var services = Build([]);
        var options = services.GetRequiredService<InferenceOptions>();

        Assert.Equal(1024, options.MaxTokens);
        Assert.Equal(4096, options.MaxTokensLimit);
        Assert.Equal(0.7f, options.Temperature);
        Assert.Equal(6000, options.ContextBudgetTokens);
        Assert.Equal(TimeSpan.FromSeconds(60), options.FirstTokenTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), options.IdleTimeout);
        Assert.Equal(TimeSpan.FromSeconds(300), options.TotalTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(30), options.DemoWordDelay);
    }

    [Fact]
    public void TheInferenceSectionOverridesLimitsAndTimeouts()
    {
        using var services = Build(new()
        {
            ["Inference:MaxTokens"] = "200",
            ["Inference:MaxTokensLimit"] = "800",
            ["Inference:Temperature"] = "1.1",
            ["Inference:ContextBudgetTokens"] = "3000",
            ["Inference:FirstTokenTimeoutSeconds"] = "5",
            ["Inference:IdleTimeoutSeconds"] = "2.5",
            ["Inference:TotalTimeoutSeconds"] = "90",
            ["Inference:DemoWordDelayMs"] = "0",
        });
        var options = services.GetRequiredService<InferenceOptions>();

        Assert.Equal(200, options.MaxTokens);
        Assert.Equal(800, options.MaxTokensLimit);
        Assert.Equal(1.1f, options.Temperature);
        Assert.Equal(3000, options.ContextBudgetTokens);
        Assert.Equal(TimeSpan.FromSeconds(5), options.FirstTokenTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2.5), options.IdleTimeout);
        Assert.Equal(TimeSpan.FromSeconds(90), options.TotalTimeout);
        Assert.Equal(TimeSpan.Zero, options.DemoWordDelay);
    }

    [Fact]
    public void MaxTokensAboveTheLimitStopsStartup()
    {
        var failure = Assert.Throws<KissChat.Kernel.Configuration.ConfigurationProblem>(() => Build(new()
        {
            ["Inference:MaxTokens"] = "5000",
            ["Inference:MaxTokensLimit"] = "4096",
        }));

        Assert.Contains("Inference:MaxTokensLimit", failure.Message);
    }

    [Fact]
    public void TheDefaultModelIsAlwaysAllowedAlongsideTheListedOnes()
    {
        using var services = Build(new()
        {
            ["OPENROUTER_API_KEY"] = "or-key",
            ["OPENROUTER_MODEL"] = "default/model",
            ["Inference:AllowedModels:0"] = "extra/one",
            ["Inference:AllowedModels:1"] = "extra/two",
        });
        var options = services.GetRequiredService<InferenceOptions>();

        Assert.Equal(["default/model", "extra/one", "extra/two"], options.AllowedModels);
        Assert.True(options.IsModelAllowed("extra/two"));
        Assert.False(options.IsModelAllowed("not/listed"));
    }

    [Fact]
    public void AllowedModelsMayBeOneCommaSeparatedValue()
    {
        using var services = Build(new() { ["Inference:AllowedModels"] = "a/one, b/two,,demo" });

        Assert.Equal(["demo", "a/one", "b/two"], services.GetRequiredService<InferenceOptions>().AllowedModels);
    }

    [Fact]
    public void TheOpenTelemetryChatClientIsInThePipelineOnlyWhenTracesAreExported()
    {
        using var untraced = Build(new() { ["VASTAI_INSTANCE_IP"] = "10.1.2.3" });
        using var traced = Build(new() { ["VASTAI_INSTANCE_IP"] = "10.1.2.3", ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:4317" });

        // It keeps every streamed update of a reply, so a server that exports no spans does without it.
        Assert.Null(untraced.GetRequiredService<IChatClient>().GetService<OpenTelemetryChatClient>());
        Assert.NotNull(traced.GetRequiredService<IChatClient>().GetService<OpenTelemetryChatClient>());
    }

    /// <summary>The module with what the host gives every module: logging, metrics, the clock and the telemetry settings.</summary>
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddLogging()
            .AddMetrics()
            .AddSingleton(TimeProvider.System)
            .AddSingleton(TelemetrySettings.From(configuration))
            .AddInference(configuration)
            .BuildServiceProvider();
    }
}

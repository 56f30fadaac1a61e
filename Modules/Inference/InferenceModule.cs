using KissChat.Inference.Contracts;
using KissChat.Inference.Health;
using KissChat.Inference.OpenAiCompatible;
using KissChat.Inference.Telemetry;
using KissChat.Inference.Tokens;
using KissChat.Kernel.Configuration;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Inference;

public static class InferenceModule
{
    /// <summary>
    /// Registers <see cref="InferenceOptions"/> and a singleton <see cref="IChatClient"/> for the configured provider,
    /// measured by <see cref="MeteredChatClient"/>.
    /// Reads the configuration immediately, so a misconfigured provider stops the app at startup.
    /// </summary>
    public static IServiceCollection AddInference(this IServiceCollection services, IConfiguration configuration)
    {
        var options = InferenceOptionsReader.Read(configuration);
        services.AddSingleton(options);
        // The API document's generator builds validators of nested settings from the container
        // (GenerationSettingsRules, which validators pass their Resolve<InferenceOptions> to): without this it logged an
        // error per such validator and left their limits out of the document.
        services.AddSingleton<Func<InferenceOptions>>(_ => () => options);
        services.AddSingleton(_ => TokenCounters.Remembering(options.Tokenizer));
        services.AddSingleton<ModelMetrics>();
        services.AddSingleton<IChatClient>(provider => new MeteredChatClient(
            options.Provider == InferenceProvider.Demo ? new DemoChatClient(options.DemoWordDelay) : OpenAiCompatibleChatClient.Create(options, provider),
            options,
            provider.GetRequiredService<ModelMetrics>(),
            provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton(new ProviderHealthOptions(
            configuration.GetSection("Health").Flag("RequireProvider", false),
            configuration.GetSection("Health").Seconds("ProviderCheckSeconds", 30, 1, 86_400)));
        services.AddSingleton<ProviderProbe>();
        services.AddHealthChecks().AddCheck<ProviderHealthCheck>("model_provider", tags: ["ready"]);
        return services;
    }
}

using KissChat.Inference.Contracts;
using KissChat.Inference.OpenAiCompatible;
using KissChat.Inference.Tokens;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Inference;

public static class InferenceModule
{
    /// <summary>
    /// Registers <see cref="InferenceOptions"/> and a singleton <see cref="IChatClient"/> for the configured provider.
    /// Reads the configuration immediately, so a misconfigured provider stops the app at startup.
    /// </summary>
    public static IServiceCollection AddInference(this IServiceCollection services, IConfiguration configuration)
    {
        var options = InferenceOptionsReader.Read(configuration);
        services.AddSingleton(options);
        services.AddSingleton(_ => TokenCounters.For(options.Tokenizer));
        services.AddSingleton<IChatClient>(provider => options.Provider == InferenceProvider.Demo
            ? new DemoChatClient(options.DemoWordDelay)
            : OpenAiCompatibleChatClient.Create(options, provider));
        return services;
    }
}

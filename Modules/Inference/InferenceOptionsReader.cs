using KissChat.Inference.Contracts;
using Microsoft.Extensions.Configuration;

namespace KissChat.Inference;

/// <summary>Builds <see cref="InferenceOptions"/> and rejects nonsense at startup rather than on the first chat.</summary>
internal static class InferenceOptionsReader
{
    public static InferenceOptions Read(IConfiguration configuration)
    {
        var provider = ProviderSelection.Select(configuration);
        var section = configuration.GetSection(InferenceOptions.SectionName);
        var defaults = new InferenceOptions();

        var options = new InferenceOptions
        {
            Provider = provider.Provider,
            Endpoint = provider.Endpoint,
            ApiKey = provider.ApiKey,
            DefaultModel = provider.DefaultModel,
            AllowedModels = [provider.DefaultModel, .. AllowedModels(section).Where(m => m != provider.DefaultModel)],
            MaxTokens = section.GetValue("MaxTokens", defaults.MaxTokens),
            MaxTokensLimit = section.GetValue("MaxTokensLimit", defaults.MaxTokensLimit),
            Temperature = section.GetValue("Temperature", defaults.Temperature),
            ContextBudgetTokens = section.GetValue("ContextBudgetTokens", defaults.ContextBudgetTokens),
            FirstTokenTimeout = Seconds(section, "FirstTokenTimeoutSeconds", defaults.FirstTokenTimeout),
            IdleTimeout = Seconds(section, "IdleTimeoutSeconds", defaults.IdleTimeout),
            TotalTimeout = Seconds(section, "TotalTimeoutSeconds", defaults.TotalTimeout),
            DemoWordDelay = TimeSpan.FromMilliseconds(section.GetValue("DemoWordDelayMs", defaults.DemoWordDelay.TotalMilliseconds)),
        };
        Validate(options);
        return options;
    }

    // Accepts both a bound list (Inference:AllowedModels:0, ...) and one comma-separated value,
    // because a list is awkward to pass through a single environment variable.
    private static IEnumerable<string> AllowedModels(IConfigurationSection section)
    {
        var list = section.GetSection("AllowedModels");
        var values = list.Value is { } joined ? joined.Split(',') : list.GetChildren().Select(c => c.Value ?? "");
        return values.Select(v => v.Trim()).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal);
    }

    private static TimeSpan Seconds(IConfigurationSection section, string key, TimeSpan fallback) =>
        TimeSpan.FromSeconds(section.GetValue(key, fallback.TotalSeconds));

    private static void Validate(InferenceOptions options)
    {
        Require(options.MaxTokens > 0, "Inference:MaxTokens must be positive.");
        Require(options.MaxTokens <= options.MaxTokensLimit, "Inference:MaxTokens must not exceed Inference:MaxTokensLimit.");
        Require(options.Temperature is >= 0 and <= 2, "Inference:Temperature must be between 0 and 2.");
        Require(options.ContextBudgetTokens > 0, "Inference:ContextBudgetTokens must be positive.");
        Require(options.FirstTokenTimeout > TimeSpan.Zero, "Inference:FirstTokenTimeoutSeconds must be positive.");
        Require(options.IdleTimeout > TimeSpan.Zero, "Inference:IdleTimeoutSeconds must be positive.");
        Require(options.TotalTimeout > TimeSpan.Zero, "Inference:TotalTimeoutSeconds must be positive.");
        Require(options.DemoWordDelay >= TimeSpan.Zero, "Inference:DemoWordDelayMs must not be negative.");
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }
}

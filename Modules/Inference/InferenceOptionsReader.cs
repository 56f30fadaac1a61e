using KissChat.Inference.Contracts;
using KissChat.Kernel.Configuration;
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
            ContextBudgets = section.GetSection("ContextBudgets").GetChildren().ToDictionary(c => c.Key, c => c.Get<int>(), StringComparer.Ordinal),
            Tokenizer = section.GetValue("Tokenizer", defaults.Tokenizer)!.Trim().ToLowerInvariant(),
            Sampling = Sampling(section.GetSection("Sampling"), defaults.Sampling),
            FirstTokenTimeout = Seconds(section, "FirstTokenTimeoutSeconds", defaults.FirstTokenTimeout),
            IdleTimeout = Seconds(section, "IdleTimeoutSeconds", defaults.IdleTimeout),
            TotalTimeout = Seconds(section, "TotalTimeoutSeconds", defaults.TotalTimeout),
            CleartextHttp2 = section.Flag("CleartextHttp2", defaults.CleartextHttp2),
            ThinkTags = section.Flag("ThinkTags", defaults.ThinkTags),
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

    private static SamplingLimits Sampling(IConfigurationSection section, SamplingLimits defaults) => new()
    {
        TopP = Range(section, "TopP", defaults.TopP),
        TopK = Range(section, "TopK", defaults.TopK),
        MinP = Range(section, "MinP", defaults.MinP),
        FrequencyPenalty = Range(section, "FrequencyPenalty", defaults.FrequencyPenalty),
        PresencePenalty = Range(section, "PresencePenalty", defaults.PresencePenalty),
        RepetitionPenalty = Range(section, "RepetitionPenalty", defaults.RepetitionPenalty),
        MaxStopSequences = section.GetValue("MaxStopSequences", defaults.MaxStopSequences),
        MaxStopLength = section.GetValue("MaxStopLength", defaults.MaxStopLength),
    };

    private static SamplerRange Range(IConfigurationSection section, string name, SamplerRange fallback)
    {
        var range = section.GetSection(name);
        return new SamplerRange(range.GetValue("Min", fallback.Min), range.GetValue("Max", fallback.Max), range.GetValue("Default", fallback.Default));
    }

    private static TimeSpan Seconds(IConfigurationSection section, string key, TimeSpan fallback) =>
        section.Seconds(key, fallback.TotalSeconds, 0.001, 7 * 86_400);

    private static void Validate(InferenceOptions options)
    {
        Require(options.MaxTokens > 0, "Inference:MaxTokens must be positive.");
        Require(options.MaxTokens <= options.MaxTokensLimit, "Inference:MaxTokens must not exceed Inference:MaxTokensLimit.");
        Require(options.Temperature is >= 0 and <= 2, "Inference:Temperature must be between 0 and 2.");
        Require(options.ContextBudgetTokens > 0, "Inference:ContextBudgetTokens must be positive.");
        Require(options.ContextBudgets.Values.All(b => b > 0), "Every Inference:ContextBudgets value must be positive.");
        Require(
            TokenCounting.Names.Contains(options.Tokenizer),
            $"Inference:Tokenizer is '{options.Tokenizer}'; use {string.Join(", ", TokenCounting.Names)}.");
        foreach (var (name, range) in new[]
        {
            ("TopP", options.Sampling.TopP), ("TopK", options.Sampling.TopK), ("MinP", options.Sampling.MinP),
            ("FrequencyPenalty", options.Sampling.FrequencyPenalty), ("PresencePenalty", options.Sampling.PresencePenalty),
            ("RepetitionPenalty", options.Sampling.RepetitionPenalty),
        })
        {
            Require(
                range.Min <= range.Max && (range.Default is null || range.Allows(range.Default.Value)),
                $"Inference:Sampling:{name} needs Min <= Max and a Default between them.");
        }

        Require(options.Sampling.MaxStopSequences >= 0 && options.Sampling.MaxStopLength > 0, "Inference:Sampling stop limits must be positive.");
        Require(options.FirstTokenTimeout > TimeSpan.Zero, "Inference:FirstTokenTimeoutSeconds must be positive.");
        Require(options.IdleTimeout > TimeSpan.Zero, "Inference:IdleTimeoutSeconds must be positive.");
        Require(options.TotalTimeout > TimeSpan.Zero, "Inference:TotalTimeoutSeconds must be positive.");
        Require(options.DemoWordDelay >= TimeSpan.Zero, "Inference:DemoWordDelayMs must not be negative.");
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ConfigurationProblem(message);
        }
    }
}

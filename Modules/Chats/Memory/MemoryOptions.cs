using KissChat.Kernel.Configuration;
using Microsoft.Extensions.Configuration;

namespace KissChat.Chats.Memory;

/// <summary>The <c>Memory</c> configuration section: the running summary that replaces what falls out of the prompt.</summary>
/// <param name="Enabled">Summaries are written and carried by the prompt (<c>Memory:Enabled</c>).</param>
/// <param name="Model">The model that writes them; null: the chat's own (<c>Memory:Model</c>).</param>
/// <param name="MinNewMessages">Messages dropped from the prompt and not yet summarised before a summary is queued.</param>
/// <param name="MaxSummaryTokens">The summary's <c>max_tokens</c>.</param>
/// <param name="MaxSummaryCharacters">The longest summary a user may write with <c>PUT chat/{id}/memory</c>.</param>
/// <param name="ChunkTokens">Tokens of messages folded into the summary by one model call.</param>
/// <param name="RetryDelay">The wait after a first failure; it doubles with each further one, up to an hour.</param>
/// <param name="SweepInterval">How often failed and stale summaries are looked for to be queued again (1–59 seconds).</param>
/// <param name="Template">The prompt's text for the summary; <c>{{summary}}</c> is replaced by it.</param>
internal sealed record MemoryOptions(
    bool Enabled,
    string? Model,
    int MinNewMessages,
    int MaxSummaryTokens,
    int MaxSummaryCharacters,
    int ChunkTokens,
    TimeSpan RetryDelay,
    TimeSpan SweepInterval,
    string Template)
{
    public const string SummaryMacro = "{{summary}}";
    public const string DefaultTemplate = "[Summary of earlier conversation: {{summary}}]";
    private static readonly TimeSpan LongestRetryDelay = TimeSpan.FromHours(1);

    public static MemoryOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Memory");
        var options = new MemoryOptions(
            section.Flag("Enabled", true),
            section.GetValue<string?>("Model") is { Length: > 0 } model ? model : null,
            section.Int("MinNewMessages", 6, 1, 1_000_000),
            section.Int("MaxSummaryTokens", 400, 1, 1_000_000),
            section.Int("MaxSummaryCharacters", 8000, 1, 10_000_000),
            section.Int("ChunkTokens", 3000, 1, 10_000_000),
            section.Seconds("RetrySeconds", 60, 0.001, 86_400),
            TimeSpan.FromSeconds(section.Int("SweepSeconds", 30, 1, 59)),
            section.GetValue<string?>("Template") is { Length: > 0 } template ? template : DefaultTemplate);
        if (!options.Template.Contains(SummaryMacro, StringComparison.Ordinal))
        {
            throw new ConfigurationProblem($"Memory:Template must contain {SummaryMacro}.");
        }

        return options;
    }

    /// <summary>How long to wait before trying again after <paramref name="attempts"/> failures in a row.</summary>
    public TimeSpan RetryAfter(int attempts) =>
        TimeSpan.FromTicks(Math.Min(LongestRetryDelay.Ticks, RetryDelay.Ticks * (1L << Math.Clamp(attempts - 1, 0, 20))));
}

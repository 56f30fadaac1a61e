using System.Diagnostics.Metrics;
using KissChat.Inference.Contracts;
using KissChat.Kernel.Telemetry;

namespace KissChat.Inference.Telemetry;

/// <summary>How the model provider performs, by provider and model: time to the first token, tokens per second, failures.</summary>
internal sealed class ModelMetrics
{
    private readonly Histogram<double> timeToFirstToken;
    private readonly Histogram<double> tokensPerSecond;
    private readonly Counter<long> failures;

    public ModelMetrics(IMeterFactory meters)
    {
        var meter = meters.KissChatMeter();
        timeToFirstToken = meter.CreateHistogram(
            "kisschat.model.time_to_first_token",
            "s",
            "From asking the model for a reply to its first piece of text, retries included.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60] });
        tokensPerSecond = meter.CreateHistogram(
            "kisschat.model.tokens_per_second",
            "{token}/s",
            "Output tokens per second of a completed reply, after its first token (the provider's count, else the streamed pieces).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2.5, 5, 10, 20, 40, 80, 160, 320] });
        failures = meter.CreateCounter<long>("kisschat.model.failures", "{failure}", "Replies the model provider failed, by kind of failure.");
    }

    /// <summary>Whether anyone collects these, so that an unobserved reply is not measured at all.</summary>
    public bool Enabled => timeToFirstToken.Enabled || tokensPerSecond.Enabled || failures.Enabled;

    public void FirstToken(InferenceProvider provider, string model, TimeSpan elapsed) =>
        timeToFirstToken.Record(elapsed.TotalSeconds, Tags(provider, model));

    public void Completed(InferenceProvider provider, string model, long tokens, TimeSpan afterFirstToken)
    {
        // The first token starts the clock, so the rate is of the ones after it.
        if (tokens > 1 && afterFirstToken > TimeSpan.Zero)
        {
            tokensPerSecond.Record((tokens - 1) / afterFirstToken.TotalSeconds, Tags(provider, model));
        }
    }

    public void Failed(InferenceProvider provider, string model, ProviderFailureKind kind)
    {
        var tags = Tags(provider, model);
        tags.Add("kind", KindName(kind));
        failures.Add(1, tags);
    }

    private static System.Diagnostics.TagList Tags(InferenceProvider provider, string model) =>
        new() { { "provider", ProviderName(provider) }, { "model", model } };

    private static string ProviderName(InferenceProvider provider) => provider switch
    {
        InferenceProvider.VastAi => "vastai",
        InferenceProvider.OpenRouter => "openrouter",
        _ => "demo",
    };

    private static string KindName(ProviderFailureKind kind) => kind switch
    {
        ProviderFailureKind.Unauthorized => "unauthorized",
        ProviderFailureKind.Busy => "busy",
        ProviderFailureKind.ServerError => "server_error",
        ProviderFailureKind.Rejected => "rejected",
        ProviderFailureKind.ReportedError => "reported_error",
        ProviderFailureKind.CutOff => "cut_off",
        ProviderFailureKind.Malformed => "malformed",
        ProviderFailureKind.Timeout => "timeout",
        _ => "unreachable",
    };
}

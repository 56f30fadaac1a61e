using KissChat.Inference.Contracts;
using System.Globalization;
using System.Text;

namespace KissChat.Inference.OpenAiCompatible;

/// <summary>
/// The wording and transience of every way a provider can fail, kept in one place. Messages are for users: what
/// failed and what to try, in full sentences. What the provider said goes to <see cref="ModelProviderException.OperatorDetail"/>.
/// </summary>
internal static class ProviderFailures
{
    private const int ExcerptLength = 200;

    public static ModelProviderException HttpStatus(Uri endpoint, int status, string excerpt, TimeSpan? retryAfter = null) => new(
        status switch
        {
            401 or 403 => $"The model provider refused this server's credentials (HTTP {status}). Ask the operator to check the API key or token.",
            404 => "The model provider could not find the requested model (HTTP 404). Choose another model, or ask the operator to check the provider settings.",
            408 or 429 when retryAfter is { } wait => $"The model provider is too busy to answer (HTTP {status}). Try again in {Seconds(wait)}.",
            408 or 429 => $"The model provider is too busy to answer (HTTP {status}). Try again in a moment.",
            >= 500 => $"The model provider is having trouble (HTTP {status}). Try again in a moment.",
            _ when IsContextOverflow(excerpt) => $"The prompt is longer than the model can read (HTTP {status}: over its context window). Try a shorter message or another model, or ask the operator to lower the model's context budget.",
            _ => $"The model provider rejected the request (HTTP {status}). Try a shorter message or another model.",
        },
        IsTransientStatus(status),
        operatorDetail: Detail(endpoint, excerpt.Length > 0 ? $"HTTP {status}: {excerpt}" : $"HTTP {status}"))
    {
        Kind = status switch
        {
            401 or 403 => ProviderFailureKind.Unauthorized,
            408 or 429 => ProviderFailureKind.Busy,
            >= 500 => ProviderFailureKind.ServerError,
            _ => ProviderFailureKind.Rejected,
        },
        RetryAfter = retryAfter,
    };

    /// <summary>OpenAI's <c>context_length_exceeded</c>, and the words vLLM, llama.cpp and OpenRouter use for the same refusal.</summary>
    private static bool IsContextOverflow(string excerpt) =>
        excerpt.Contains("context_length_exceeded", StringComparison.OrdinalIgnoreCase)
        || excerpt.Contains("maximum context length", StringComparison.OrdinalIgnoreCase)
        || excerpt.Contains("exceeds the available context size", StringComparison.OrdinalIgnoreCase)
        || excerpt.Contains("context window", StringComparison.OrdinalIgnoreCase);

    public static ModelProviderException Reported(Uri endpoint, ProviderError error, bool textReceived, string apiKey) => new(
        "The model provider reported an error instead of finishing the reply. Try again in a moment.",
        !textReceived && error.Code is { } code && IsTransientStatus(code),
        operatorDetail: Detail(endpoint, $"error {error.Code?.ToString(CultureInfo.InvariantCulture) ?? "without a code"}: {Excerpt(error.Message, apiKey)}"))
    {
        Kind = ProviderFailureKind.ReportedError,
    };

    public static ModelProviderException Unreachable(Uri endpoint, Exception cause)
    {
        // Several attempts' failures may arrive together; the last one is representative.
        var last = cause is AggregateException { InnerExceptions.Count: > 0 } all ? all.InnerExceptions[^1] : cause;
        return new(
            "Could not reach the model provider; it may be down or its address may be wrong. Try again later.",
            isTransient: true,
            cause,
            Detail(endpoint, last.GetBaseException().Message))
        {
            Kind = ProviderFailureKind.Unreachable,
        };
    }

    public static ModelProviderException CutOff(Uri endpoint, bool textReceived, Exception? cause = null) => new(
        "The model's stream was cut off before it finished. Try again.",
        isTransient: !textReceived,
        cause,
        Detail(endpoint, cause?.GetBaseException().Message ?? "the stream ended without a finish reason"))
    {
        Kind = ProviderFailureKind.CutOff,
    };

    public static ModelProviderException MalformedChunk(Uri endpoint, Exception cause) => new(
        "The model provider sent a malformed stream chunk. Try again, or choose another model.",
        isTransient: false,
        cause,
        Detail(endpoint, cause.Message))
    {
        Kind = ProviderFailureKind.Malformed,
    };

    public static ModelProviderException MalformedReply(Uri endpoint, string excerpt, Exception? cause = null) => new(
        "The model provider sent a reply without readable message content. Try again, or choose another model.",
        isTransient: false,
        cause,
        Detail(endpoint, $"unreadable reply: {excerpt}"))
    {
        Kind = ProviderFailureKind.Malformed,
    };

    /// <summary>A reply in one body (not an event stream) longer than any reply is: refused before it is all in memory.</summary>
    public static ModelProviderException OversizedReply(Uri endpoint, int limit) => new(
        "The model provider sent a reply too large to read. Try again, or choose another model.",
        isTransient: false,
        operatorDetail: Detail(endpoint, string.Create(CultureInfo.InvariantCulture, $"a reply body (not an event stream) over {limit} bytes")))
    {
        Kind = ProviderFailureKind.Malformed,
    };

    public static ModelProviderException TimedOut(Uri endpoint, Deadline deadline, InferenceOptions limits, bool textReceived) => deadline switch
    {
        Deadline.FirstToken => new(
            $"The model provider did not respond within {Seconds(limits.FirstTokenTimeout)}. Try again in a moment.",
            isTransient: true,
            operatorDetail: Detail(endpoint, "first-token deadline passed")) { Kind = ProviderFailureKind.Timeout },
        Deadline.Idle => new(
            $"The model provider stopped sending for {Seconds(limits.IdleTimeout)} in the middle of the reply. Try again.",
            isTransient: !textReceived,
            operatorDetail: Detail(endpoint, "idle deadline passed")) { Kind = ProviderFailureKind.Timeout },
        _ => new(
            $"The model's reply did not finish within {Seconds(limits.TotalTimeout)}. Try again, or ask for a shorter reply.",
            isTransient: !textReceived,
            operatorDetail: Detail(endpoint, "total deadline passed")) { Kind = ProviderFailureKind.Timeout },
    };

    /// <summary>
    /// A short, single-line piece of a provider's error text. Providers sometimes echo the
    /// credential they rejected, so it is masked before the text can reach a log.
    /// </summary>
    public static string Excerpt(string text, string apiKey)
    {
        if (apiKey.Length > 0)
        {
            text = text.Replace(apiKey, "***", StringComparison.Ordinal);
        }

        var oneLine = new StringBuilder(ExcerptLength + 1);
        foreach (var word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (oneLine.Length + word.Length + 1 > ExcerptLength)
            {
                return oneLine.Append('…').ToString();
            }

            oneLine.Append(oneLine.Length > 0 ? " " : "").Append(word);
        }

        return oneLine.ToString();
    }

    private static string Detail(Uri endpoint, string detail) => $"{endpoint.Authority}: {detail}";

    private static string Seconds(TimeSpan timeout) => string.Create(CultureInfo.InvariantCulture, $"{timeout.TotalSeconds:0.###} s");

    private static bool IsTransientStatus(int status) => status is 408 or 429 or >= 500;
}

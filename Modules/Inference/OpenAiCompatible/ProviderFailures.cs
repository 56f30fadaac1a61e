using System.Text;

namespace KissChat.Inference.OpenAiCompatible;

/// <summary>The wording and transience of every way a provider can fail, kept in one place.</summary>
internal static class ProviderFailures
{
    private const int ExcerptLength = 200;

    public static ModelProviderException HttpStatus(int status, string excerpt) =>
        new(excerpt.Length > 0
                ? $"The model provider returned HTTP {status}: {excerpt}"
                : $"The model provider returned HTTP {status}",
            IsTransientStatus(status));

    public static ModelProviderException Reported(ProviderError error, bool textReceived) =>
        new($"The model provider reported an error: {Excerpt(error.Message, string.Empty)}",
            !textReceived && error.Code is { } code && IsTransientStatus(code));

    public static ModelProviderException Unreachable(Uri endpoint, Exception cause)
    {
        // After the SDK's retry, several attempts' failures arrive together; the last one is representative.
        var last = cause is AggregateException { InnerExceptions.Count: > 0 } all ? all.InnerExceptions[^1] : cause;
        return new(
            "Could not reach the model provider; it may be down or its address may be wrong.",
            isTransient: true,
            cause,
            operatorDetail: $"{endpoint.Authority}: {last.GetBaseException().Message}");
    }

    public static ModelProviderException CutOff(bool textReceived, Exception? cause = null) =>
        new("The model's stream was cut off before it finished", isTransient: !textReceived, cause);

    public static ModelProviderException MalformedChunk(Exception cause) =>
        new("The model provider sent a malformed stream chunk", isTransient: false, cause);

    public static ModelProviderException MalformedReply(Exception? cause = null) =>
        new("The model provider sent a reply without readable message content", isTransient: false, cause);

    /// <summary>
    /// A short, single-line piece of a provider's error text. Providers sometimes echo the
    /// credential they rejected, so it is masked before the text can reach a message or a log.
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

    private static bool IsTransientStatus(int status) => status is 408 or 429 or >= 500;
}

namespace KissChat.Inference.Contracts;

/// <summary>
/// The model provider failed to produce a complete reply. The message is written for people
/// and never contains credentials.
/// </summary>
public sealed class ModelProviderException(string message, bool isTransient, Exception? innerException = null, string? operatorDetail = null)
    : Exception(message, innerException)
{
    /// <summary>What only the operator should see (the provider's address, the socket error): for logs, never for users.</summary>
    public string? OperatorDetail { get; } = operatorDetail;

    /// <summary>
    /// True when the same request may well succeed if sent again (provider overloaded, unreachable,
    /// slow to start). Failures after part of the reply was already streamed are never transient,
    /// because a retry would produce a different reply than the one the user already saw.
    /// </summary>
    public bool IsTransient { get; } = isTransient;

    /// <summary>What went wrong, in a word operators can count by (the <c>kind</c> of the provider failures metric).</summary>
    public ProviderFailureKind Kind { get; init; } = ProviderFailureKind.Unreachable;

    /// <summary>How long the provider asked to be left alone (its <c>Retry-After</c>), when it said.</summary>
    public TimeSpan? RetryAfter { get; init; }
}

public enum ProviderFailureKind
{
    /// <summary>No connection, or no HTTP answer.</summary>
    Unreachable,

    /// <summary>HTTP 401/403: the server's credentials were refused.</summary>
    Unauthorized,

    /// <summary>HTTP 408/429: the provider was too busy.</summary>
    Busy,

    /// <summary>HTTP 5xx.</summary>
    ServerError,

    /// <summary>Another 4xx (an unknown model, a request the provider refuses).</summary>
    Rejected,

    /// <summary>An error object in the middle of the stream.</summary>
    ReportedError,

    /// <summary>The stream ended before the model said it was done.</summary>
    CutOff,

    /// <summary>A chunk or a reply that could not be read.</summary>
    Malformed,

    /// <summary>The first-token, idle or total deadline passed.</summary>
    Timeout,
}

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
}

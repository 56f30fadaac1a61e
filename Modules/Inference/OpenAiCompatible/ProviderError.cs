namespace KissChat.Inference.OpenAiCompatible;

/// <summary>An <c>error</c> object a provider put in its JSON instead of (or in the middle of) a reply.</summary>
internal sealed record ProviderError(string Message, int? Code);

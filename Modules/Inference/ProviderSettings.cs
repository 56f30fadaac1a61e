using KissChat.Inference.Contracts;

namespace KissChat.Inference;

/// <summary>The part of the settings that depends on which provider was chosen.</summary>
internal sealed record ProviderSettings(InferenceProvider Provider, Uri? Endpoint, string ApiKey, string DefaultModel);

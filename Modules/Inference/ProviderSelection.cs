using System.Globalization;
using KissChat.Inference.Contracts;
using KissChat.Kernel.Configuration;
using Microsoft.Extensions.Configuration;

namespace KissChat.Inference;

/// <summary>
/// Reads the flat provider keys from the configuration root: deployments set them as plain
/// environment variables, with the names the original Node worker used.
/// </summary>
internal static class ProviderSelection
{
    public const string VastAiDefaultModel = "huihui_ai/qwen3-abliterated:8b";
    public const string OpenRouterDefaultModel = "cognitivecomputations/dolphin-mistral-24b-venice-edition:free";
    public const string OpenRouterDefaultBaseUrl = "https://openrouter.ai/api/v1";
    private const int VastAiDefaultPort = 5000;

    public static ProviderSettings Select(IConfiguration configuration) =>
        ChooseProvider(configuration) switch
        {
            InferenceProvider.VastAi => VastAi(configuration),
            InferenceProvider.OpenRouter => OpenRouter(configuration),
            _ => new ProviderSettings(InferenceProvider.Demo, null, "", DemoChatClient.ModelId),
        };

    private static InferenceProvider ChooseProvider(IConfiguration configuration)
    {
        var requested = Value(configuration, "AI_PROVIDER");
        return requested?.ToLowerInvariant() switch
        {
            "vastai" => InferenceProvider.VastAi,
            "openrouter" => InferenceProvider.OpenRouter,
            "demo" => InferenceProvider.Demo,
            null when Value(configuration, "VASTAI_INSTANCE_IP") is not null => InferenceProvider.VastAi,
            null when Value(configuration, "OPENROUTER_API_KEY") is not null => InferenceProvider.OpenRouter,
            null => InferenceProvider.Demo,
            _ => throw new ConfigurationProblem(
                $"AI_PROVIDER is '{requested}', which is not a known provider. Use vastai, openrouter or demo, or leave it unset to choose automatically."),
        };
    }

    private static ProviderSettings VastAi(IConfiguration configuration)
    {
        var host = Value(configuration, "VASTAI_INSTANCE_IP")
            ?? throw new ConfigurationProblem("AI_PROVIDER is vastai but VASTAI_INSTANCE_IP is not set.");
        var portText = Value(configuration, "VASTAI_INSTANCE_PORT");
        var port = VastAiDefaultPort;
        if (portText is not null && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is 0 or > 65535))
        {
            throw new ConfigurationProblem($"VASTAI_INSTANCE_PORT must be a TCP port number, but it is '{portText}'.");
        }

        var endpoint = SettingValues.HttpUrl(host) is { } url
            ? (url.AbsolutePath == "/" ? new Uri(url, "v1") : url)
            : Uri.CheckHostName(host) is not UriHostNameType.Unknown
                ? new UriBuilder(Uri.UriSchemeHttp, host, port, "/v1").Uri
                : throw new ConfigurationProblem($"VASTAI_INSTANCE_IP must be a host name or IP address (with VASTAI_INSTANCE_PORT), or a URL such as http://10.0.0.5:5000/v1, but it is '{host}'.");
        return new ProviderSettings(
            InferenceProvider.VastAi,
            endpoint,
            Value(configuration, "VASTAI_OPEN_BUTTON_TOKEN") ?? "",
            Value(configuration, "VASTAI_MODEL") ?? VastAiDefaultModel);
    }

    private static ProviderSettings OpenRouter(IConfiguration configuration)
    {
        var apiKey = Value(configuration, "OPENROUTER_API_KEY")
            ?? throw new ConfigurationProblem("AI_PROVIDER is openrouter but OPENROUTER_API_KEY is not set.");
        var baseUrl = Value(configuration, "OPENROUTER_BASE_URL") ?? OpenRouterDefaultBaseUrl;
        var endpoint = SettingValues.HttpUrl(baseUrl) ?? throw new ConfigurationProblem($"OPENROUTER_BASE_URL must be an absolute http or https URL, but it is '{baseUrl}'.");

        return new ProviderSettings(
            InferenceProvider.OpenRouter,
            endpoint,
            apiKey,
            Value(configuration, "OPENROUTER_MODEL") ?? OpenRouterDefaultModel);
    }

    // An empty environment variable means "not set": deployment templates often export KEY= with no value.
    private static string? Value(IConfiguration configuration, string key) =>
        configuration[key]?.Trim() is { Length: > 0 } value ? value : null;
}

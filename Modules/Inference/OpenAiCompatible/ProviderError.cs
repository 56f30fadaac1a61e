using System.Text.Json;

namespace KissChat.Inference.OpenAiCompatible;

/// <summary>An <c>error</c> a provider put in its reply instead of (or in the middle of) the text.</summary>
internal sealed record ProviderError(string Message, int? Code)
{
    /// <summary>Reads the <c>error</c> value: an object with <c>message</c> and <c>code</c>, or just a string.</summary>
    public static ProviderError Parse(ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json);
        var error = document.RootElement;
        return error.ValueKind switch
        {
            JsonValueKind.String => new ProviderError(error.GetString()!, null),
            JsonValueKind.Object => new ProviderError(
                error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String ? message.GetString()! : error.GetRawText(),
                error.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.Number && code.TryGetInt32(out var status) ? status : null),
            _ => new ProviderError(error.GetRawText(), null),
        };
    }
}

namespace KissChat.Tests.Hardening;

/// <summary>The start of a request's or an answer's body, for a failure message.</summary>
internal static class Excerpt
{
    public static string Of(string? text) => text is null ? "(no body)" : text.Length > 160 ? text[..160] + "…" : text;
}

namespace KissChat.Kernel.Http;

/// <summary>How a request body that does not read as JSON is said, whichever binder read it (FastEndpoints' or ASP.NET Core's).</summary>
internal static class MalformedBody
{
    public const string NotJson = "The request body is not valid JSON.";

    public static string At(string field) => $"The request body is not valid JSON: '{field}' is malformed, has the wrong type or is named twice.";
}

using System.Reflection;

namespace KissChat.Web.Observability;

/// <summary>This build's version, as health answers and telemetry resources give it.</summary>
internal static class AppVersion
{
    public static readonly string Value =
        typeof(AppVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(AppVersion).Assembly.GetName().Version?.ToString()
        ?? "unknown";
}

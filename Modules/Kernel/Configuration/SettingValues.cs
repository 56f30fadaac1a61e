using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace KissChat.Kernel.Configuration;

/// <summary>
/// Numeric settings read with the range they make sense in: a value outside it (0 requests a minute, a negative drain,
/// a lifetime of a million years) is a <see cref="ConfigurationProblem"/> naming the setting, never a silent clamp, nor
/// a server that starts and then fails every request.
/// </summary>
public static class SettingValues
{
    public static int Int(this IConfiguration section, string key, int fallback, int min, int max) =>
        (int)Read(section, key, fallback, min, max, integer: true);

    public static double Number(this IConfiguration section, string key, double fallback, double min, double max) =>
        Read(section, key, fallback, min, max, integer: false);

    public static TimeSpan Seconds(this IConfiguration section, string key, double fallback, double min, double max) =>
        TimeSpan.FromSeconds(Number(section, key, fallback, min, max));

    /// <summary>
    /// A switch, as .NET writes it (<c>true</c>, <c>false</c>) or as the Node-era environment variables were set
    /// (<c>1</c>, <c>0</c>, <c>yes</c>, <c>no</c>, <c>on</c>, <c>off</c>); anything else names the setting.
    /// </summary>
    public static bool Flag(this IConfiguration section, string key, bool fallback) =>
        section[key]?.Trim().ToLowerInvariant() switch
        {
            null or "" => fallback,
            "true" or "1" or "yes" or "on" => true,
            "false" or "0" or "no" or "off" => false,
            var other => throw new ConfigurationProblem($"{NameOf(section, key)} is '{other}': it takes true or false."),
        };

    /// <summary>
    /// The value as an absolute http or https URL; null when it is something else. A scheme is required: <c>host:5000</c>
    /// would otherwise read as a URL of the scheme <c>host</c>.
    /// </summary>
    public static Uri? HttpUrl(string value) =>
        value.Contains("://", StringComparison.Ordinal) && Uri.TryCreate(value, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? url
            : null;

    /// <summary>The setting's full name, as the configuration (and so <c>appsettings.json</c>) spells it.</summary>
    public static string NameOf(IConfiguration section, string key) => section is IConfigurationSection { Path: { Length: > 0 } path } ? $"{path}:{key}" : key;

    private static double Read(IConfiguration section, string key, double fallback, double min, double max, bool integer)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        var takes = $"it takes {(integer ? "a whole number" : "a number")} from {Shown(min)} to {Shown(max)}";
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || (integer && value != Math.Floor(value)))
        {
            throw new ConfigurationProblem($"{NameOf(section, key)} is '{text}': {takes}.");
        }

        return value >= min && value <= max ? value : throw new ConfigurationProblem($"{NameOf(section, key)} is {text}: {takes}.");
    }

    private static string Shown(double value) => value.ToString("#,0.###", CultureInfo.InvariantCulture);
}

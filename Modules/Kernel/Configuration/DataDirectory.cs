using Microsoft.Extensions.Configuration;

namespace KissChat.Kernel.Configuration;

/// <summary>Where the embedded database, generated keys and uploads live (<c>DATA_DIR</c>, default <c>./data</c>).</summary>
public sealed record DataDirectory(string Path)
{
    public static DataDirectory From(IConfiguration configuration)
    {
        var path = System.IO.Path.GetFullPath(configuration["DATA_DIR"] ?? "data");
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationProblem($"DATA_DIR ({path}) cannot be made a folder: {exception.Message}");
        }

        return new DataDirectory(path);
    }

    public string File(string name) => System.IO.Path.Combine(Path, name);
}

using Microsoft.Extensions.Configuration;

namespace KissChat.Kernel.Configuration;

/// <summary>Where the embedded database, generated keys and uploads live (<c>DATA_DIR</c>, default <c>./data</c>).</summary>
public sealed record DataDirectory(string Path)
{
    public static DataDirectory From(IConfiguration configuration)
    {
        var path = System.IO.Path.GetFullPath(configuration["DATA_DIR"] ?? "data");
        Directory.CreateDirectory(path);
        return new DataDirectory(path);
    }

    public string File(string name) => System.IO.Path.Combine(Path, name);
}

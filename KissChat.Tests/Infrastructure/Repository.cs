namespace KissChat.Tests.Infrastructure;

/// <summary>The checkout the tests were built from.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>The folder a project of the checkout was built into, in the same configuration as these tests.</summary>
    public static string OutputOf(string project) =>
        Path.Combine(Root, project, Path.GetRelativePath(Path.Combine(Root, "KissChat.Tests"), AppContext.BaseDirectory));

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "KissChat.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("KissChat.sln not found above the test binaries.");
    }
}

namespace KissChat.Kernel.Text;

/// <summary>
/// How a name written in an imported file finds what it names here (a persona, a lorebook, a group's character): as a
/// person would read it, ignoring case and spaces around it.
/// </summary>
public static class SameName
{
    public static bool As(string name, string? written) => string.Equals(name.Trim(), written?.Trim(), StringComparison.OrdinalIgnoreCase);
}

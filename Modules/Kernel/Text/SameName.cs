using Microsoft.EntityFrameworkCore;

namespace KissChat.Kernel.Text;

/// <summary>A row's id and the name it is found by.</summary>
public sealed record NamedRow(Guid Id, string Name);

/// <summary>
/// How a name written in an imported file finds what it names here (a persona, a lorebook, a group's character): as a
/// person would read it, ignoring case and spaces around it.
/// </summary>
public static class SameName
{
    public static bool As(string name, string? written) => string.Equals(name.Trim(), written?.Trim(), StringComparison.OrdinalIgnoreCase);

    /// <summary>Names equal as <see cref="As"/> compares them, for a set that finds one among many at once.</summary>
    public static IEqualityComparer<string> Comparer { get; } = new NameComparer();

    /// <summary>
    /// The first of a user's <paramref name="rows"/> named <paramref name="written"/>, in their order. Compared here, not in
    /// SQL: a user has few of them, and case is then ignored the same way on both databases.
    /// </summary>
    public static async Task<Guid?> FirstAsync(IQueryable<NamedRow> rows, string written, CancellationToken cancellationToken) =>
        (await rows.ToListAsync(cancellationToken)).FirstOrDefault(row => As(row.Name, written))?.Id;

    private sealed class NameComparer : IEqualityComparer<string>
    {
        public bool Equals(string? x, string? y) => x is null ? y is null : As(x, y);

        public int GetHashCode(string name) => StringComparer.OrdinalIgnoreCase.GetHashCode(name.Trim());
    }
}

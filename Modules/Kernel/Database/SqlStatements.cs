using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;

namespace KissChat.Kernel.Database;

/// <summary>Several interpolated SQL statements as one command, their parameters numbered on.</summary>
internal static partial class SqlStatements
{
    /// <remarks>The statements' own text has no braces but their parameters' (as every statement of this server).</remarks>
    public static FormattableString Join(IReadOnlyList<FormattableString> statements)
    {
        if (statements.Count == 1)
        {
            return statements[0];
        }

        var format = new StringBuilder();
        var arguments = new List<object?>();
        foreach (var statement in statements)
        {
            var offset = arguments.Count;
            format.Append(Placeholder().Replace(statement.Format, p => $"{{{int.Parse(p.Groups[1].ValueSpan) + offset}{p.Groups[2].Value}}}")).Append(";\n");
            arguments.AddRange(statement.GetArguments());
        }

        return FormattableStringFactory.Create(format.ToString(), [.. arguments]);
    }

    [GeneratedRegex(@"\{(\d+)([,:][^}]*)?\}")]
    private static partial Regex Placeholder();
}

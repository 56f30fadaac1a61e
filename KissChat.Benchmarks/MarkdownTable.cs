namespace KissChat.Benchmarks;

/// <summary>A table printed as Markdown, so the output can be pasted into the README as it is.</summary>
internal sealed class MarkdownTable(params string[] headers)
{
    private readonly List<string[]> rows = [];

    public void Add(params string[] cells) => rows.Add(cells);

    public void Print(TextWriter output)
    {
        var widths = headers.Select((h, i) => rows.Select(r => r[i].Length).Prepend(h.Length).Max()).ToArray();
        output.WriteLine(Line(headers, widths));
        // Text columns (the first) align left, figures right, so digits line up.
        output.WriteLine("|" + string.Join("|", widths.Select((w, i) => i == 0 ? $" {new string('-', w)} " : $" {new string('-', w - 1)}: ")) + "|");
        foreach (var row in rows)
        {
            output.WriteLine(Line(row, widths));
        }
    }

    private static string Line(string[] cells, int[] widths) =>
        "|" + string.Join("|", cells.Select((c, i) => i == 0 ? $" {c.PadRight(widths[i])} " : $" {c.PadLeft(widths[i])} ")) + "|";
}

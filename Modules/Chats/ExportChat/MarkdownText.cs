using System.Text;

namespace KissChat.Chats.ExportChat;

/// <summary>
/// A chat's texts as the Markdown export writes them, for a viewer to show as written. Outside code, <c>&amp;</c> and
/// <c>&lt;</c> become entities, so that no markup in a message (another user's character greeting among them) runs in
/// a viewer that renders the HTML in Markdown, as many do. Code, which a viewer shows literally (entities and all), is
/// written as it is: fenced code blocks (CommonMark §4.5) and inline code spans (§6.1), but only where every viewer
/// following CommonMark and GitHub's extensions sees that same code. Whatever may be otherwise is escaped, as an entity
/// shown in code is a blemish and markup run is not.
/// </summary>
/// <remarks>
/// One export's, as what one text leaves open a viewer carries into the next: a code block is closed at the text's end
/// (else it would take in all that follows), and a math block may stay open (<see cref="mathMayBeOpen"/>).
/// </remarks>
internal sealed class MarkdownText
{
    private const string AsciiPunctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    /// <summary>
    /// Set for the rest of the export once a line outside code has <c>$$</c> or <c>\[</c>: viewers with math (GitHub,
    /// Obsidian, VS Code) take such a line to open a math block, which ends where they find its close, and a fence in
    /// it is no code. From then on no fence is trusted.
    /// </summary>
    private bool mathMayBeOpen;

    // The text being written, line by line.
    private StringBuilder markdown = null!;

    /// <summary>
    /// The code block a viewer is in: a fence's character and length, and the least indent its lines may have (a fence
    /// indented where a list item may be open is in that item or not; its code is code either way while its lines keep
    /// that indent, and it closes either way on a closing fence indented as far, up to three columns).
    /// </summary>
    private (char Char, int Length, int Floor)? fence;

    /// <summary>Whether a viewer may be in a code block or not (it may not be told which): all is escaped to the text's end.</summary>
    private bool lost;

    /// <summary>Whether a list item or a block quote may be open, and with a fence of its own in it.</summary>
    private bool mayBeInContainer, itemFenceMayBeOpen;

    private bool afterBlank;

    /// <summary>Whether a viewer may pair the backticks left on this paragraph otherwise than line by line (<see cref="Inline"/>).</summary>
    private bool spansUntrusted;

    /// <summary>
    /// <paramref name="text"/> escaped (<see cref="AppendEscaped"/>) on one line (a title, a name): a line break in it
    /// would start a line of the file, a fence there among what it may start.
    /// </summary>
    public static string OneLine(string text)
    {
        var line = new StringBuilder(text.Length);
        AppendEscaped(line, text.ReplaceLineEndings(" "));
        return line.ToString();
    }

    /// <summary>Appends <paramref name="lead"/> and <paramref name="text"/> and a line end, the text's code as it is and the rest escaped (<see cref="AppendEscaped"/>).</summary>
    /// <param name="lead">
    /// Markdown the export puts on the text's first line before it (a speaker's name), already escaped; empty when the
    /// text starts a line after a blank one. With a lead, the first line is inside a paragraph and opens no fence, so a
    /// text that opens with a fence has the lead on a paragraph of its own before it instead.
    /// </param>
    public void AppendLine(StringBuilder markdown, string lead, string text)
    {
        if (lead.Length > 0 && OpensWithFence(text))
        {
            markdown.AppendLine(lead.TrimEnd()).AppendLine();
            lead = string.Empty;
        }

        this.markdown = markdown;
        (fence, lost, mayBeInContainer, itemFenceMayBeOpen, afterBlank, spansUntrusted) = (null, false, false, false, lead.Length == 0, false);
        var start = 0;
        while (true)
        {
            var end = text.AsSpan(start).IndexOfAny('\r', '\n');
            var line = end < 0 ? text[start..] : text.Substring(start, end);
            if (start == 0 && lead.Length > 0)
            {
                mathMayBeOpen |= MayOpenMath(line);
                Inline(lead + line, lead.Length);
            }
            else
            {
                Line(line);
            }

            if (end < 0)
            {
                break;
            }

            var ending = text.AsSpan(start + end).StartsWith("\r\n") ? 2 : 1;
            markdown.Append(text, start + end, ending);
            start += end + ending;
        }

        Close(text, lastLineEmpty: start == text.Length);
        markdown.AppendLine();
    }

    private void Line(string line)
    {
        var indent = Indent(line, out var at);
        var blank = at == line.Length;
        if (lost)
        {
            mathMayBeOpen |= MayOpenMath(line);
            Append(line, raw: false);
            return;
        }

        if (fence is var (fenceChar, length, floor))
        {
            if (IsClosingFence(line, at, fenceChar, length) && (floor > 0 || indent <= 3))
            {
                // Closed as far in as it opened, it closes in the list item it may be in (which stays open) or out of
                // one; less or more, only in one of the two.
                lost = indent < floor || indent > 3;
                (fence, mayBeInContainer, itemFenceMayBeOpen, afterBlank, spansUntrusted) = (null, floor > 0, false, false, false);
            }
            else
            {
                // A line less indented than the fence ends the list item it may be in, and the code with it.
                lost = !blank && indent < floor;
                fence = lost ? null : fence;
            }

            Append(line, raw: !lost);
            return;
        }

        if (blank)
        {
            markdown.Append(line);
            (afterBlank, spansUntrusted) = (true, false);
            return;
        }

        if (OpeningFence(line, indent, at) is var (opensWith, opensLength))
        {
            // An unindented fence is in no list item (whose lines are indented) nor block quote (whose lines start with
            // '>'): a viewer opens it. An indented one may be in a list item, as its first fence or closing one in it.
            var least = indent == 0 || !mayBeInContainer ? 0 : indent;
            lost = mathMayBeOpen || (least > 0 && itemFenceMayBeOpen);
            fence = lost ? null : (opensWith, opensLength, least);
            (mayBeInContainer, itemFenceMayBeOpen, afterBlank, spansUntrusted) = (false, false, false, false);
            Append(line, raw: false);
            return;
        }

        if (OpensContainer(line, at))
        {
            mayBeInContainer = true;
        }
        else if (afterBlank && indent == 0)
        {
            // A list item's lines are indented, a block quote's start with '>', and no paragraph runs on after a blank line.
            (mayBeInContainer, itemFenceMayBeOpen) = (false, false);
        }

        itemFenceMayBeOpen |= mayBeInContainer && (line.Contains("```", StringComparison.Ordinal) || line.Contains("~~~", StringComparison.Ordinal));
        mathMayBeOpen |= MayOpenMath(line);
        afterBlank = false;
        Inline(line, 0);
    }

    /// <summary>
    /// Writes a line of a paragraph (or of whatever block holds it), its code spans as they are. A viewer pairs a
    /// paragraph's backtick strings from its start, across its lines; pairing them line by line finds the same spans
    /// while each one on a line is closed on it. From one that is not, or one a viewer may not take as a span's start,
    /// to the paragraph's end (a blank line at the latest), nothing is taken as code.
    /// </summary>
    /// <param name="lead">How many characters of <paramref name="line"/> are the export's own, already escaped.</param>
    private void Inline(string line, int lead)
    {
        var i = 0;
        for (; i < line.Length && !spansUntrusted; i++)
        {
            var c = line[i];
            if (c == '`')
            {
                var run = RunLength(line, i);
                var close = i >= lead && StartsSpan(line, i) ? Closer(line, i + run, run) : -1;

                // GitHub's tables split a row into cells at every '|', inside code spans too, and pair each cell's backticks apart.
                if (close < 0 || line.AsSpan(i, close - i).Contains('|'))
                {
                    spansUntrusted = true;
                    break;
                }

                markdown.Append(line, i, close + run - i);
                i = close + run - 1;
                continue;
            }

            var next = i + 1 < line.Length ? line[i + 1] : '\n';
            spansUntrusted = c switch
            {
                // Math ($…$, \(…\)) takes in the backticks in it, in viewers with math, before code spans do.
                '$' => true,
                '\\' => next is '(' or '[',

                // A link's destination and title, and a reference's label or definition, take in the backticks in them.
                ']' => next is '(' or '[' or ':' or '\n',
                _ => false,
            };
            if (c == '\\' && AsciiPunctuation.Contains(next))
            {
                Append(line.AsSpan(i, 2), raw: i < lead);
                i++;
                continue;
            }

            Append(line.AsSpan(i, 1), raw: i < lead);
        }

        if (i < lead)
        {
            markdown.Append(line, i, lead - i);
            i = lead;
        }

        Append(line.AsSpan(i), raw: false);
    }

    /// <summary>
    /// Closes what <paramref name="text"/> leaves open: a code block, at the indent it may need in a list item; or, where
    /// a viewer may be in one or not, every code block it may be in, by an opening fence a code block takes as a line of
    /// code and a closing one, for each fence character in the text.
    /// </summary>
    private void Close(string text, bool lastLineEmpty)
    {
        List<string> closing = [];
        if (fence is var (openWith, length, floor))
        {
            closing.Add(new string(' ', floor) + new string(openWith, length));
        }
        else if (lost)
        {
            foreach (var fenceChar in "`~")
            {
                var longest = LongestRun(text, fenceChar);
                if (longest >= 3)
                {
                    closing.Add(new string(fenceChar, longest) + "text");
                    closing.Add(new string(fenceChar, longest));
                }
            }
        }

        foreach (var line in closing)
        {
            if (!lastLineEmpty)
            {
                markdown.AppendLine();
            }

            markdown.Append(line);
            lastLineEmpty = false;
        }
    }

    private void Append(ReadOnlySpan<char> text, bool raw)
    {
        if (raw)
        {
            markdown.Append(text);
        }
        else
        {
            AppendEscaped(markdown, text);
        }
    }

    /// <summary>Appends <paramref name="text"/> with its <c>&amp;</c> and <c>&lt;</c> as entities, all of it shown as written.</summary>
    private static void AppendEscaped(StringBuilder to, ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            _ = c switch
            {
                '&' => to.Append("&amp;"),
                '<' => to.Append("&lt;"),
                _ => to.Append(c),
            };
        }
    }

    private static bool MayOpenMath(string line) => line.Contains("$$", StringComparison.Ordinal) || line.Contains("\\[", StringComparison.Ordinal);

    /// <summary>
    /// Whether a viewer takes the backtick string at <paramref name="at"/> to start a code span: not one just after an
    /// escaped backtick (CommonMark's text and its parsers disagree on it), nor one in a word an autolink GitHub finds
    /// (<c>www.</c>, or a scheme and <c>:</c>) may run on over, as it does over backticks, to a space.
    /// </summary>
    private static bool StartsSpan(string line, int at)
    {
        if (at > 0 && line[at - 1] == '`')
        {
            return false;
        }

        var word = line.AsSpan(0, at);
        word = word[(word.LastIndexOfAny(' ', '\t') + 1)..];
        return !word.Contains(':') && !word.Contains("www.", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Where the first backtick string of exactly <paramref name="length"/> from <paramref name="from"/> starts; -1 when none.</summary>
    private static int Closer(string line, int from, int length)
    {
        for (var i = line.IndexOf('`', from); i >= 0; i = line.IndexOf('`', i))
        {
            var run = RunLength(line, i);
            if (run == length)
            {
                return i;
            }

            i += run;
        }

        return -1;
    }

    private static bool OpensWithFence(string text)
    {
        var end = text.AsSpan().IndexOfAny('\r', '\n');
        var line = end < 0 ? text : text[..end];
        var indent = Indent(line, out var at);
        return at < line.Length && OpeningFence(line, indent, at) is not null;
    }

    /// <summary>The code block <paramref name="line"/> opens: three backticks or tildes or more, indented three columns at most, and no backtick after backticks.</summary>
    private static (char, int)? OpeningFence(string line, int indent, int at)
    {
        if (indent > 3 || line[at] is not ('`' or '~'))
        {
            return null;
        }

        var run = RunLength(line, at);
        return run < 3 || (line[at] == '`' && line.AsSpan(at + run).Contains('`')) ? null : (line[at], run);
    }

    /// <summary>Whether <paramref name="line"/> may close a fence: as many of its characters or more, and only spaces or tabs after (its indent is the caller's to judge).</summary>
    private static bool IsClosingFence(string line, int at, char fenceChar, int length)
    {
        if (at == line.Length || line[at] != fenceChar)
        {
            return false;
        }

        var run = RunLength(line, at);
        return run >= length && line.AsSpan(at + run).Trim(" \t").IsEmpty;
    }

    /// <summary>Whether <paramref name="line"/> may open a block quote or a list item at <paramref name="at"/>: '>', or a bullet or a number and '.' or ')' before a space or the end.</summary>
    private static bool OpensContainer(string line, int at)
    {
        if (line[at] == '>')
        {
            return true;
        }

        var marker = line[at] is '-' or '+' or '*' ? at + 1 : -1;
        if (char.IsAsciiDigit(line[at]))
        {
            var digits = line.AsSpan(at).IndexOfAnyExceptInRange('0', '9');
            marker = digits is > 0 and <= 9 && line[at + digits] is '.' or ')' ? at + digits + 1 : -1;
        }

        return marker > 0 && (marker == line.Length || line[marker] is ' ' or '\t');
    }

    /// <summary>The columns of <paramref name="line"/>'s indent, a tab taking it to the next multiple of four, as CommonMark counts them.</summary>
    private static int Indent(string line, out int at)
    {
        var columns = 0;
        for (at = 0; at < line.Length && line[at] is ' ' or '\t'; at++)
        {
            columns += line[at] == '\t' ? 4 - (columns % 4) : 1;
        }

        return columns;
    }

    private static int RunLength(string line, int at)
    {
        var end = line.AsSpan(at).IndexOfAnyExcept(line[at]);
        return end < 0 ? line.Length - at : end;
    }

    private static int LongestRun(string text, char c)
    {
        var longest = 0;
        for (var i = text.IndexOf(c); i >= 0; i = text.IndexOf(c, i))
        {
            var run = RunLength(text, i);
            longest = Math.Max(longest, run);
            i += run;
        }

        return longest;
    }
}

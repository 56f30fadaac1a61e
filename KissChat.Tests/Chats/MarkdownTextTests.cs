using System.Text;
using KissChat.Chats.ExportChat;

namespace KissChat.Tests.Chats;

/// <summary>
/// The Markdown export shows a chat's texts as written: code as it is, as a viewer shows code literally, and everything
/// else with <c>&amp;</c> and <c>&lt;</c> as entities, so that no markup in it runs. Where a viewer may not see code, it is escaped.
/// </summary>
public sealed class MarkdownTextTests
{
    private const string Lead = "**Mira:** ";

    [Theory]
    [InlineData("Try:\n```c\nif (a < b && c) {}\n```\nDone & <script>x</script>", "Try:\n```c\nif (a < b && c) {}\n```\nDone &amp; &lt;script>x&lt;/script>")]
    [InlineData("Here:\n~~~\n<script>alert(1)</script>\n```\n~~~~\n<b>", "Here:\n~~~\n<script>alert(1)</script>\n```\n~~~~\n&lt;b>")]
    [InlineData("Use `<div>` & ``a ` < b``, not <div>", "Use `<div>` &amp; ``a ` < b``, not &lt;div>")]
    [InlineData("A `` run <b> never closed ` <i>`", "A `` run &lt;b> never closed ` &lt;i>`")]
    [InlineData("`a` <b> `c\nd` <e> `f`\n\n`<g>`", "`a` &lt;b> `c\nd` &lt;e> `f`\n\n`<g>`")]
    [InlineData("Steps:\r\n```\r\n<x>\r\n```\r\n<y>", "Steps:\r\n```\r\n<x>\r\n```\r\n&lt;y>")]
    public void CodeIsWrittenAsItIsAndTheRestEscaped(string text, string written)
    {
        Assert.Equal($"{Lead}{written}\n", Written(text));
    }

    /// <summary>Left open, a fence would take in the messages after it as code, and a fence of theirs would be its close.</summary>
    [Fact]
    public void AFenceLeftOpenIsClosedAndTheNextTextIsNotCode()
    {
        var text = new MarkdownText();
        var markdown = new StringBuilder();

        text.AppendLine(markdown, Lead, "Look:\n````js\nlet a = b < c;\n");
        text.AppendLine(markdown, Lead, "<script>alert(1)</script>");

        Assert.Equal($"{Lead}Look:\n````js\nlet a = b < c;\n````\n{Lead}&lt;script>alert(1)&lt;/script>\n", markdown.ToString());
    }

    /// <summary>
    /// On the line of the speaker's name, a fence would be in that name's paragraph (no fence at all): a text that opens
    /// with one has the name on a line of its own, a blank line, and then its code as code.
    /// </summary>
    [Fact]
    public void ATextOpeningWithAFenceHasTheSpeakersNameOnALineOfItsOwn()
    {
        Assert.Equal("**Mira:**\n\n```\n<b>\n```\n&lt;i>\n", Written("```\n<b>\n```\n<i>"));
        Assert.Equal("**Mira:**\n\n  ~~~ py\n  a < b\n  ~~~\n", Written("  ~~~ py\n  a < b\n  ~~~"));
        Assert.Equal($"{Lead}`` &lt;b>\n", Written("`` <b>"));
        Assert.Equal("```\n<b>\n```\n", Written("```\n<b>\n```", lead: string.Empty));
    }

    [Fact]
    public void TheSpeakersNameTakesPartInPairingBackticks()
    {
        Assert.Equal("**Mi`ra:** a` &lt;b> `c`\n", Written("a` <b> `c`", lead: "**Mi`ra:** "));
    }

    /// <summary>A fence in a list item closes with the item, on a line less indented: its code is code while its lines keep its indent.</summary>
    [Theory]
    [InlineData("Steps:\n1. Run:\n   ```sh\n   test a < b\n   ```\n2. <b>", "Steps:\n1. Run:\n   ```sh\n   test a < b\n   ```\n2. &lt;b>")]
    [InlineData("Steps:\n- a\n  ```\n<b>\n```\n<i>", "Steps:\n- a\n  ```\n&lt;b>\n```\n&lt;i>\n```text\n```")]
    [InlineData("Steps:\n- ```\n  <b>\n  ```\n  <i>", "Steps:\n- ```\n  &lt;b>\n  ```\n  &lt;i>\n```text\n```")]
    [InlineData("> ```\n> <b>\n> ```", "> ```\n> &lt;b>\n> ```")]
    [InlineData("a\n\n    ```\n    <b>\n    ```", "a\n\n    ```\n    &lt;b>\n    ```")]
    public void CodeAViewerMayNotSeeAsCodeIsEscaped(string text, string written)
    {
        Assert.Equal($"{Lead}{written}\n", Written(text));
    }

    /// <summary>Constructs that take in backticks before code spans do: a table's cells, a link's destination, an autolink, math.</summary>
    [Theory]
    [InlineData("| `a|<b>` |", "| `a|&lt;b>` |")]
    [InlineData("[a](x \"`\") <b> `", "[a](x \"`\") &lt;b> `")]
    [InlineData("www.a.com/`x <b> `", "www.a.com/`x &lt;b> `")]
    [InlineData("$a`$ <b> `", "$a`$ &lt;b> `")]
    public void BackticksAViewerMayTakeForSomethingElseStartNoCode(string text, string written)
    {
        Assert.Equal($"{Lead}{written}\n", Written(text));
    }

    [Fact]
    public void AfterAMathBlockNoFenceIsTrusted()
    {
        var text = new MarkdownText();
        var markdown = new StringBuilder();

        text.AppendLine(markdown, Lead, "Sum:\n$$\nx");
        text.AppendLine(markdown, Lead, "a\n```\n<b>\n```");

        Assert.Equal($"{Lead}Sum:\n$$\nx\n{Lead}a\n```\n&lt;b>\n```\n```text\n```\n", markdown.ToString());
    }

    private static string Written(string text, string lead = Lead)
    {
        var markdown = new StringBuilder();
        new MarkdownText().AppendLine(markdown, lead, text);
        return markdown.ToString();
    }
}

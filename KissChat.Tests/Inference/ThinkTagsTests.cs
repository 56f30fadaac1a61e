using KissChat.Inference.OpenAiCompatible;

namespace KissChat.Tests.Inference;

public sealed class ThinkTagsTests
{
    [Theory]
    [InlineData(new[] { "<think>Hmm, tea.</think>Here you are." }, "Hmm, tea.", "Here you are.")]
    [InlineData(new[] { "\n <th", "ink>\nHmm", ", tea.</thi", "nk>\n\nHere", " you are." }, "Hmm, tea.", "Here you are.")]
    [InlineData(new[] { "<think>", "", "Hmm</", "think>", "Here" }, "Hmm", "Here")]
    [InlineData(new[] { "<think></think>", "Here" }, "", "Here")]
    public void ABlockThatOpensTheReplyIsReasoningWhereverThePiecesBreak(string[] pieces, string reasoning, string text)
    {
        var (gotReasoning, gotText) = Run(pieces);

        Assert.Equal((reasoning, text), (gotReasoning, gotText));
    }

    [Theory]
    [InlineData(new[] { "Well, <think>no</think>" }, "Well, <think>no</think>")]
    [InlineData(new[] { "<", "b>bold</b>" }, "<b>bold</b>")]
    [InlineData(new[] { "  ", "Hi" }, "  Hi")]
    [InlineData(new[] { "<thinking>" }, "<thinking>")]
    public void AnythingElseIsTextAsItCame(string[] pieces, string text)
    {
        Assert.Equal((string.Empty, text), Run(pieces));
    }

    [Fact]
    public void ReasoningStreamsAsItComesHoldingBackOnlyWhatMayBeTheClosingTag()
    {
        var tags = new ThinkTags();

        Assert.Equal((string.Empty, string.Empty), tags.Take("<think>"));
        Assert.Equal(("First, ", string.Empty), tags.Take("First, "));
        Assert.Equal(("then", string.Empty), tags.Take("then</"));
        Assert.Equal(("</a>", string.Empty), tags.Take("a>"));
        Assert.Equal((string.Empty, "Done"), tags.Take("</think>Done"));
        Assert.True(tags.Passed);
        Assert.Equal((string.Empty, " and more"), tags.Take(" and more"));
    }

    [Fact]
    public void AReplyCutOffInsideTheBlockIsAllReasoning()
    {
        var tags = new ThinkTags();
        tags.Take("<think>Still thinking</th");

        Assert.Equal(("</th", string.Empty), tags.Flush());
    }

    private static (string Reasoning, string Text) Run(IEnumerable<string> pieces)
    {
        var tags = new ThinkTags();
        var (reasoning, text) = (string.Empty, string.Empty);
        foreach (var piece in pieces)
        {
            var (r, t) = tags.Take(piece);
            (reasoning, text) = (reasoning + r, text + t);
        }

        var (heldReasoning, heldText) = tags.Flush();
        return (reasoning + heldReasoning, text + heldText);
    }
}

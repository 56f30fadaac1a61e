using KissChat.Chats.Prompt;

namespace KissChat.Tests.Chats;

public sealed class MacrosTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 5, 14, 7, 0, TimeSpan.Zero);

    private static MacroContext Context(TimeSpan? idle = null, int seed = 1) => new("Mira", "Ada", "A sailor.", Now, idle, new Random(seed));

    [Theory]
    [InlineData("{{char}} and {{user}}; <BOT> and <USER>; {{CHAR}}", "Mira and Ada; Mira and Ada; Mira")]
    [InlineData("{{persona}}", "A sailor.")]
    [InlineData("{{time}} on {{weekday}}, {{date}}", "2:07 PM on Thursday, March 5, 2026")]
    [InlineData("Before{{// the author's note to self}}after", "Beforeafter")]
    [InlineData("{{unknown}} and {{random}} and {{roll:abc}} and {{ user", "{{unknown}} and {{random}} and {{roll:abc}} and {{ user")]
    [InlineData("{{random:only}} {{random::a, b::a, b}}", "only a, b")]
    public void MacrosAreFilledAndUnknownOnesStayAsWritten(string text, string expected)
    {
        Assert.Equal(expected, Macros.Fill(text, Context()));
    }

    [Theory]
    [InlineData(10, "a few seconds")]
    [InlineData(60, "a minute")]
    [InlineData(600, "10 minutes")]
    [InlineData(3600, "an hour")]
    [InlineData(5 * 3600, "5 hours")]
    [InlineData(30 * 3600, "a day")]
    [InlineData(4 * 86400, "4 days")]
    public void IdleDurationReadsLikeSillyTaverns(int seconds, string expected)
    {
        Assert.Equal(expected, Macros.Fill("{{idle_duration}}", Context(TimeSpan.FromSeconds(seconds))));
    }

    [Fact]
    public void DiceAndRandomPicksStayWithinTheirRangeAndFollowTheSeed()
    {
        for (var seed = 0; seed < 50; seed++)
        {
            var rolled = int.Parse(Macros.Fill("{{roll:2d6+1}}", Context(seed: seed)), System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(rolled, 3, 13);
            Assert.Contains(Macros.Fill("{{random:red,green,blue}}", Context(seed: seed)), new[] { "red", "green", "blue" });
            Assert.Equal(Macros.Fill("{{roll:d20}} {{random:a,b,c}}", Context(seed: seed)), Macros.Fill("{{roll:d20}} {{random:a,b,c}}", Context(seed: seed)));
        }
    }
}

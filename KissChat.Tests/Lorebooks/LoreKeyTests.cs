using KissChat.Kernel.Text;
using KissChat.Lorebooks.Contracts;

namespace KissChat.Tests.Lorebooks;

/// <summary>How one key is matched against the scanned messages, SillyTavern's way; patterns are built once and kept.</summary>
public sealed class LoreKeyTests
{
    [Theory]
    [InlineData("cat", false, false, true, "a catalog", false)]
    [InlineData("cat", false, false, true, "the Cat sat", true)]
    [InlineData("cat", false, false, true, "cat", true)]
    [InlineData("cat", false, false, true, "(cat)", true)]
    [InlineData("cat", false, false, true, "cat_food and cat9", false)]
    // JavaScript's word characters are ASCII: a key in a script without spaces, or before an accented letter, is a word there.
    [InlineData("猫", false, false, true, "私は猫が好き", true)]
    [InlineData("caf", false, false, true, "un café", true)]
    [InlineData("sea\tcat", false, false, true, "a sea\tcatalog", true)]
    [InlineData("cat", false, true, true, "the Cat sat", false)]
    [InlineData("sea cat", false, false, true, "a sea catalog", true)]
    [InlineData("cat", false, false, false, "a catalog", true)]
    [InlineData("Kraken", false, true, false, "a kraken", false)]
    [InlineData("/kra(k|c)en/i", false, true, false, "A KRACEN", true)]
    [InlineData("/kra(k|c)en/", false, false, false, "A KRACEN", false)]
    [InlineData("kra.en", true, false, false, "the KRAKEN", true)]
    [InlineData("/([a-z/", false, false, false, "anything ([a-z", false)]
    public void AKeyMatchesAsItsEntrySays(string key, bool useRegex, bool caseSensitive, bool wholeWords, string text, bool matches) =>
        Assert.Equal(matches, LoreKeys.Matches(key, useRegex, caseSensitive, wholeWords, text, Plenty()));

    [Fact]
    public void TheSameKeyUnderOtherSettingsIsMatchedByThoseSettings()
    {
        var asked = new[]
        {
            LoreKeys.Matches("Moon", useRegex: false, caseSensitive: true, wholeWords: true, "a moon rises", Plenty()),
            LoreKeys.Matches("Moon", useRegex: false, caseSensitive: false, wholeWords: true, "a moon rises", Plenty()),
            LoreKeys.Matches("Moon", useRegex: false, caseSensitive: false, wholeWords: true, "a moonrise", Plenty()),
            LoreKeys.Matches("Moon", useRegex: true, caseSensitive: true, wholeWords: false, "a moonrise", Plenty()),
            LoreKeys.Matches("Moon", useRegex: true, caseSensitive: false, wholeWords: false, "a moonrise", Plenty()),
        };

        Assert.Equal([false, true, false, false, true], asked);
    }

    /// <summary>Each pattern has its own timeout, and a prompt's keys share one budget: once it is spent, only plain and whole-word keys match.</summary>
    [Fact]
    public void OnceAPromptsTimeForPatternsIsSpentOnlyPlainAndWholeWordKeysMatch()
    {
        var spent = new TimeBudget(TimeSpan.Zero);

        Assert.False(LoreKeys.Matches("/kra(k|c)en/i", useRegex: false, caseSensitive: false, wholeWords: false, "the kraken", spent));
        Assert.True(LoreKeys.Matches("kraken", useRegex: false, caseSensitive: false, wholeWords: true, "the kraken", spent));
        Assert.True(LoreKeys.Matches("kraken", useRegex: false, caseSensitive: false, wholeWords: false, "the kraken", spent));
        Assert.True(LoreKeys.Matches("/kra(k|c)en/i", useRegex: false, caseSensitive: false, wholeWords: false, "the kraken", Plenty()));
    }

    private static TimeBudget Plenty() => new(TimeSpan.FromSeconds(30));
}

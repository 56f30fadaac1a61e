using KissChat.Chats.Data;
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
    [InlineData("{{description}} / {{personality}} / {{scenario}}", "Keeps the inn for Ada, Warm. / Warm. / A storm.")]
    [InlineData("{{reverse:{{char}}}} {{random:{{user}}}} {{pick::{{char}}}}", "ariM Ada Mira")]
    [InlineData("A{{// a note for {{char}} with {braces} }}B", "AB")]
    [InlineData("{{charPrompt}}|{{charInstruction}}|{{charJailbreak}}|{{mesExamples}}|{{charDepthPrompt}}", "Be Mira.|Stay brief.|Stay brief.|<START>Mira: Hi|Mira smiles.")]
    [InlineData("A{{newline}}B{{noop}}C", "A\nBC")]
    [InlineData("Line one\n\n{{trim}}\nLine two", "Line oneLine two")]
    [InlineData("{{group}} / <GROUP> / {{charIfNotGroup}} / <CHAR>", "Mira, Bo / Mira, Bo / Mira, Bo / Mira")]
    [InlineData("{{lastMessage}} | {{lastUserMessage}} | {{lastCharMessage}}", "Night. | Evening! | Night.")]
    [InlineData("{{model}} {{maxPrompt}}", "fake/model 4096")]
    [InlineData("{{isodate}} {{isotime}} {{time_UTC+2}} {{time_UTC-20}}", "2026-03-05 14:07 4:07 PM {{time_UTC-20}}")]
    [InlineData("{{datetimeformat dddd, MMMM Do YYYY [at] HH:mm}}", "Thursday, March 5th 2026 at 14:07")]
    [InlineData("{{datetimeformat DD.MM.YY h:mm a}}", "05.03.26 2:07 pm")]
    [InlineData("{{reverse:abc}}", "cba")]
    [InlineData("{{datetimeformat DDDD DDD Q E k X LL LT}}", "064 64 1 4 14 1772719620 March 5, 2026 2:07 PM")]
    [InlineData("{{random:}} {{pick::}}", "{{random:}} {{pick::}}")]
    [InlineData("{{getvar::mood}} {{setvar::mood::calm}}", "{{getvar::mood}} {{setvar::mood::calm}}")]
    public void SillyTavernsCardAndChatMacrosAreFilled(string text, string expected)
    {
        var card = new KissChat.Characters.Contracts.CharacterCard(
            Guid.NewGuid(), "Mira", "Be Mira.", "Keeps the inn for {{user}}, {{personality}}", "Warm.", "A storm.", "<START>Mira: Hi", "Stay brief.", null,
            new KissChat.Characters.Contracts.CharacterNote("Mira smiles.", 4, "system"));
        var context = Context() with
        {
            Card = card,
            Group = ["Mira", "Bo"],
            History = [new("user", "Evening!", Now.UtcDateTime), new("assistant", "Night.", Now.UtcDateTime)],
            Model = "fake/model",
            MaxPrompt = 4096,
        };

        Assert.Equal(expected, Macros.Fill(text, context));
    }

    [Theory]
    [InlineData("{{setvar::mood::calm}}[{{getvar::mood}}]", """{"mood":"wary"}""", "[calm]", """{"mood":"calm"}""")]
    [InlineData("{{getvar::hp}} {{addvar::hp::5}}{{getvar::hp}} {{incvar::hp}} {{decvar::hp}}", """{"hp":"10"}""", "10 15 16 15", """{"hp":15}""")]
    [InlineData("{{incvar::n}} {{addvar::log::a}}{{addvar::log::b}}{{getvar::log}}", null, "1 ab", """{"n":1,"log":"ab"}""")]
    [InlineData("{{addvar::list::c}}{{getvar::list}}", """{"list":"[\"a\",\"b\"]"}""", """["a","b","c"]""", """{"list":"[\"a\",\"b\",\"c\"]"}""")]
    [InlineData("{{getvar::x}}|{{getvar::missing}}|{{getvar::a:b}}|{{setvar::n::}}|{{getglobalvar::x}}", """{"x":"007"}""", "7||{{getvar::a:b}}|{{setvar::n::}}|{{getglobalvar::x}}", null)]
    [InlineData("{{addvar::x::1}}{{getvar::x}}", """{"x":2.5}""", "3.5", """{"x":3.5}""")]
    [InlineData("{{getvar::a}}|{{getvar::b}}|{{getvar::c}}|{{getvar::d}}|{{getvar::e}}|{{getvar::f}}", """{"a":1e15,"b":1e308,"c":0.0000015,"d":1.5e-7,"e":-123.456,"f":"1e21"}""", "1000000000000000|1e+308|0.0000015|1.5e-7|-123.456|1e+21", null)]
    [InlineData("{{incvar::h}}", """{"h":"0xffffffffffffffffffff"}""", "1.2089258196146292e+24", """{"h":1.2089258196146292e+24}""")]
    public void ChatVariablesAreReadAndChangedAsSillyTavernsJavaScriptDoes(string text, string? stored, string expected, string? after)
    {
        var metadata = stored is null ? null : $$"""{"note_prompt":"kept","variables":{{stored}}}""";
        var variables = ChatVariables.Of(metadata);

        var filled = Macros.Fill(text, Context() with { Variables = variables });

        Assert.Equal(expected, filled);
        Assert.Equal(after is not null, variables.Changed);
        if (after is not null)
        {
            var written = System.Text.Json.Nodes.JsonNode.Parse(variables.Metadata())!;
            Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(after), written["variables"]), written.ToJsonString());
            Assert.Equal(stored is null ? null : "kept", (string?)written["note_prompt"]);
        }
    }

    [Fact]
    public void ACardThatRepeatsItsDefinitionOrNamesItselfIsNotMultipliedWithoutBound()
    {
        var card = new KissChat.Characters.Contracts.CharacterCard(
            Guid.NewGuid(), "Mira", null, string.Concat(Enumerable.Repeat("{{personality}}", 6600)), new string('w', 200_000), "{{scenario}}{{scenario}}", null, null, null);
        var context = Context() with { Card = card };

        var repeated = Macros.Fill(card.Description!, context);
        var itself = Macros.Fill("{{scenario}}", context);

        Assert.InRange(repeated.Length, Macros.MaxAdded - 200_000, Macros.MaxAdded + card.Description!.Length);
        Assert.Equal(string.Concat(Enumerable.Repeat("{{scenario}}", 16)), itself);
    }

    /// <summary>A prompt fills every message of its history too: what they all may gain is one bound, not one each.</summary>
    [Fact]
    public void TextsThatShareARoomAreBoundedTogether()
    {
        var card = new KissChat.Characters.Contracts.CharacterCard(Guid.NewGuid(), "Mira", null, null, new string('w', 200_000), null, null, null, null);
        var context = Context() with { Card = card, Room = new MacroRoom() };

        var filled = Enumerable.Range(0, 10).Sum(_ => Macros.Fill("{{personality}}", context).Length);

        Assert.InRange(filled, Macros.MaxAdded - 200_000, Macros.MaxAdded);
    }

    [Fact]
    public void APickIsTheSameAtEveryTurnOfAChatAndDiffersByPlace()
    {
        const string Text = "{{pick::north::south::east::west}} {{pick::north::south::east::west}}";
        var picks = Enumerable.Range(0, 40).Select(chat => Macros.Fill(Text, Context(seed: chat) with { PickSeed = chat })).ToList();

        Assert.All(Enumerable.Range(0, 40), chat => Assert.Equal(picks[chat], Macros.Fill(Text, Context(seed: chat + 1000) with { PickSeed = chat })));
        Assert.True(picks.Distinct().Count() > 4, string.Join(" | ", picks));
        Assert.Contains(picks, p => p.Split(' ')[0] != p.Split(' ')[1]);
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

    /// <summary>SillyTavern's getTimeSinceLastMessage: the user's message before the newest one, hidden ones passed over.</summary>
    [Fact]
    public void IdleDurationIsSinceTheUsersMessageBeforeTheNewest()
    {
        HistoryMessage At(string role, int minutesAgo, bool hidden = false) => new(role, "", Now.UtcDateTime.AddMinutes(-minutesAgo), Hidden: hidden);

        Assert.Null(PromptAssembly.IdleSince([At(ChatRoles.Assistant, 60), At(ChatRoles.User, 0)], Now));
        Assert.Equal(TimeSpan.FromMinutes(30), PromptAssembly.IdleSince([At(ChatRoles.User, 30), At(ChatRoles.Assistant, 20), At(ChatRoles.User, 10, hidden: true), At(ChatRoles.User, 0)], Now));
        Assert.Equal(TimeSpan.FromMinutes(30), PromptAssembly.IdleSince([At(ChatRoles.User, 30), At(ChatRoles.Assistant, 5)], Now));
        Assert.Equal("just now", Macros.Fill("{{idle_duration}}", Context()));
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

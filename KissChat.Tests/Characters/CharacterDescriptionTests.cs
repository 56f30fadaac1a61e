using KissChat.Characters.Catalog;
using KissChat.Characters.Data;

namespace KissChat.Tests.Characters;

public sealed class CharacterDescriptionTests
{
    private static Character Mira() => new()
    {
        Name = "Mira",
        SystemInstruction = "Keep replies short.",
        Personality = "Dry humour.",
        Scenario = "A storm strands the user at the lighthouse.",
        Backstory = "She inherited the lighthouse.",
        Occupation = "lighthouse keeper",
        Hobbies = "knitting",
        Voice = "low and warm",
        Gender = "female",
        Heritage = "Icelandic",
        Age = 29,
        SkinTone = "fair",
        EyeColor = "grey",
        HairColor = "copper",
        Hairstyle = "braid",
        BodyType = "athletic",
        BreastSize = "medium",
        ButtSize = "round",
        CustomPhysicalTraits = "A scar on her palm.",
        CustomDescriptions = "Smells of salt.",
        BehaviorPreferences = "Teasing but kind.",
        PublicDescription = "The last lighthouse keeper.",
        Tags = ["romance", "mystery"],
        Greeting = "Come in.",
        AlternateGreetings = ["Back so soon?"],
        MesExample = "<START>\n{{user}}: Hello?\n{{char}}: Door's open.",
        PostHistoryInstructions = "Never break character.",
        CreatorNotes = "Best with a slow model.",
    };

    [Fact]
    public void EveryDescriptiveAttributeAppearsLabelledInOrderAndThePromptsOwnPartsStayOut()
    {
        var description = CharacterDescription.Build(Mira())!;

        string[] expectedInOrder =
        [
            "The last lighthouse keeper.",
            "Backstory:\nShe inherited the lighthouse.",
            "Occupation: lighthouse keeper\nHobbies: knitting\nVoice: low and warm",
            "Physical traits:\n- Gender: female\n- Heritage: Icelandic\n- Age: 29\n- Skin tone: fair\n- Eyes: grey\n- Hair color: copper\n"
                + "- Hairstyle: braid\n- Body type: athletic\n- Breast size: medium\n- Butt size: round",
            "More physical traits:\nA scar on her palm.",
            "More about {{char}}:\nSmells of salt.",
            "Behavior preferences:\nTeasing but kind.",
        ];
        Assert.StartsWith(expectedInOrder[0], description, StringComparison.Ordinal);
        Assert.EndsWith(expectedInOrder[^1], description, StringComparison.Ordinal);
        var positions = expectedInOrder.Select(part => description.IndexOf(part, StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order(), positions);
        // The instruction, personality, scenario, examples and post-history instructions are parts of their own in the prompt;
        // the tags are the library's, never the model's.
        foreach (var elsewhere in new[] { "romance", "Keep replies short.", "Dry humour.", "A storm strands", "Door's open.", "Never break character.", "Come in.", "Back so soon?", "slow model" })
        {
            Assert.DoesNotContain(elsewhere, description, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ACharacterWithOnlyANameHasNoDescription()
    {
        Assert.Null(CharacterDescription.Build(new Character { Name = "Ann", Personality = "   ", Gender = "" }));
    }

    [Fact]
    public void OnlyTheAttributesThatHaveValuesAppear()
    {
        var description = CharacterDescription.Build(new Character { Name = "Ann", Age = 40, HairColor = "black", Hobbies = "chess" });

        Assert.Equal("Hobbies: chess\n\nPhysical traits:\n- Age: 40\n- Hair color: black", description);
    }
}

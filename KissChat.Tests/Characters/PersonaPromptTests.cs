using KissChat.Characters.Data;
using KissChat.Characters.Persona;

namespace KissChat.Tests.Characters;

public sealed class PersonaPromptTests
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
    public void TheOwnersInstructionComesFirstThenTheFramingThenEveryAttributeInOrder()
    {
        var prompt = PersonaPrompt.Build(Mira());

        string[] expectedInOrder =
        [
            "Keep replies short.",
            "You are Mira,",
            "Personality:\nDry humour.",
            "Scenario:\nA storm strands the user at the lighthouse.",
            "Backstory:\nShe inherited the lighthouse.",
            "Occupation: lighthouse keeper\nHobbies: knitting\nVoice: low and warm",
            "Physical traits:\n- Gender: female\n- Heritage: Icelandic\n- Age: 29\n- Skin tone: fair\n- Eyes: grey\n- Hair color: copper\n"
                + "- Hairstyle: braid\n- Body type: athletic\n- Breast size: medium\n- Butt size: round",
            "More physical traits:\nA scar on her palm.",
            "More about you:\nSmells of salt.",
            "Behavior preferences:\nTeasing but kind.",
            "Example dialogue:\n<START>\n{{user}}: Hello?\n{{char}}: Door's open.",
            "How you are publicly described:\nThe last lighthouse keeper.",
            "Tags: romance, mystery",
            "Final instructions:\nNever break character.",
        ];
        Assert.StartsWith(expectedInOrder[0], prompt, StringComparison.Ordinal);
        Assert.EndsWith(expectedInOrder[^1], prompt, StringComparison.Ordinal);
        var positions = expectedInOrder.Select(part => prompt.IndexOf(part, StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order(), positions);
        Assert.DoesNotContain("Come in.", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("Back so soon?", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("slow model", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void ACharacterWithOnlyANameGetsOnlyTheFraming()
    {
        var prompt = PersonaPrompt.Build(new Character { Name = "Ann", Personality = "   ", Gender = "" });

        Assert.StartsWith("You are Ann,", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("Personality", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("Gender", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void OnlyTheAttributesThatHaveValuesAppear()
    {
        var prompt = PersonaPrompt.Build(new Character { Name = "Ann", Age = 40, HairColor = "black", Hobbies = "chess" });

        Assert.Equal(
            "You are Ann, a character in a role-play with the user. Stay in character as Ann for the whole conversation: "
                + "speak, think and act as they would, shaped by everything below.\n\n"
                + "Hobbies: chess\n\n"
                + "Physical traits:\n- Age: 40\n- Hair color: black",
            prompt);
    }
}

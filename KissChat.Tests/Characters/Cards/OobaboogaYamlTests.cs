using System.Net;
using System.Text;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Characters.Cards;

/// <summary>text-generation-webui's (oobabooga's) YAML character files, which SillyTavern imports by their name.</summary>
public abstract class OobaboogaYamlTests(KissChatServer server)
{
    /// <summary>The example character text-generation-webui shipped in its <c>characters/</c> folder (2023).</summary>
    private const string Example = """
        name: "Chiharu Yamada"
        context: "Chiharu Yamada's Persona: Chiharu Yamada is a young, computer engineer-nerd with a knack for problem solving and a passion for technology."
        greeting: |-
          *Chiharu strides into the room with a smile, her eyes lighting up when she sees you. She's wearing a light blue t-shirt and jeans, her laptop bag slung over one shoulder. She takes a seat next to you, her enthusiasm palpable in the air*
          Hey! I'm so excited to finally meet you. I've heard so many great things about you and I'm eager to pick your brain about computers. I'm sure you have a wealth of knowledge that I can learn from. *She grins, eyes twinkling with excitement* Let's get started!
        example_dialogue: |-
          {{user}}: So how did you get into computer engineering?
          {{char}}: I've always loved tinkering with technology since I was a kid.
          {{user}}: That's really impressive!
          {{char}}: *She chuckles bashfully* Thanks!
        """;

    /// <summary>As SillyTavern's import converts it: the name, the context as the description, the greeting as the first message; nothing else.</summary>
    [Theory]
    [InlineData("Chiharu Yamada.yaml")]
    [InlineData("Example.YML")]
    public async Task ATextGenerationWebUiCharacterImportsAsSillyTavernConvertsIt(string fileName)
    {
        var user = await TestUser.SignUpAsync(server);

        var character = await CardApi.ImportAsync(user, SampleCards.Upload(Encoding.UTF8.GetBytes(Example), fileName));
        var exported = await CardApi.ExportJsonAsync(user, character.GetProperty("character_id").GetGuid(), 2);

        Assert.Equal("Chiharu Yamada", character.GetProperty("name").GetString());
        Assert.StartsWith("Chiharu Yamada's Persona: Chiharu Yamada is a young", character.GetProperty("public_description").GetString(), StringComparison.Ordinal);
        Assert.Equal(
            "*Chiharu strides into the room with a smile, her eyes lighting up when she sees you. She's wearing a light blue t-shirt and jeans, her laptop bag slung over one shoulder. She takes a seat next to you, her enthusiasm palpable in the air*\n"
                + "Hey! I'm so excited to finally meet you. I've heard so many great things about you and I'm eager to pick your brain about computers. I'm sure you have a wealth of knowledge that I can learn from. *She grins, eyes twinkling with excitement* Let's get started!",
            character.GetProperty("greeting").GetString());
        // SillyTavern reads no example_dialogue from these files.
        Assert.Null(character.GetProperty("mes_example").GetString());
        Assert.Equal(("chara_card_v2", "Chiharu Yamada"), (exported["spec"]!.GetValue<string>(), exported["data"]!["name"]!.GetValue<string>()));
        Assert.DoesNotContain(exported, m => m.Key is "context" or "greeting" or "example_dialogue");
    }

    [Theory]
    [InlineData("name: [Ann\n", null, "The YAML file is not valid YAML: ")]
    [InlineData("- Ann\n- Bob\n", null, "The YAML file must hold a character's members (name: …, context: …, greeting: …) at its top level.")]
    [InlineData("name: Ann\nname: Bob\n", null, "The YAML file has 'name' twice (line 2).")]
    [InlineData("name: Ann\n---\nname: Bob\n", null, "The YAML file holds more than one document: a character file holds one.")]
    [InlineData("a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nname: *b\n", null, "The YAML file uses an alias (*a, line 2): a character file needs none, and none is read.")]
    [InlineData("deep", null, "The YAML file nests deeper than 32 levels (line 2).")]
    [InlineData("not UTF-8", null, "The YAML file is not UTF-8 text.")]
    [InlineData("context: A lighthouse keeper.\ngreeting: Shut the door.\n", "name", "'name' is missing: a text-generation-webui character file names its character.")]
    [InlineData("name: [Ann, Bob]\n", "name", "'name' must be a string.")]
    [InlineData("name: Ann\ncontext:\n  persona: A lighthouse keeper.\n", "context", "'context' must be a string.")]
    public async Task BadYamlIsABadRequestSayingWhatIsWrong(string yaml, string? member, string error)
    {
        var user = await TestUser.SignUpAsync(server);
        var file = yaml switch
        {
            "deep" => Encoding.UTF8.GetBytes("name: Ann\nx: " + new string('[', 40) + new string(']', 40) + "\n"),
            "not UTF-8" => [.. "name: Ann\ncontext: "u8, 0xC3, 0x28, (byte)'\n'],
            _ => Encoding.UTF8.GetBytes(yaml),
        };

        var response = await user.Client.PostAsync(CardApi.Import, SampleCards.Upload(file, "character.yaml"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.StartsWith(error, problem.GetProperty("error").GetString(), StringComparison.Ordinal);
        if (member is not null)
        {
            Assert.Equal([error], problem.GetProperty("errors").GetProperty(member).EnumerateArray().Select(e => e.GetString()));
        }
    }
}

public sealed class OobaboogaYamlTestsOnSqlite(SqliteServer server) : OobaboogaYamlTests(server), IClassFixture<SqliteServer>;

public sealed class OobaboogaYamlTestsOnPostgres(PostgresServer server) : OobaboogaYamlTests(server), IClassFixture<PostgresServer>;

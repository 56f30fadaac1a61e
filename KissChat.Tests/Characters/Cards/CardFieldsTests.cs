using System.Text.Json;
using KissChat.Characters;
using KissChat.Characters.Cards;
using KissChat.Characters.CreateCharacter;

namespace KissChat.Tests.Characters.Cards;

public sealed class CardFieldsTests
{
    [Fact]
    public void EveryFieldOfTheCharacterViewEitherTravelsInCardsOrIsDeliberatelyLeftOut()
    {
        var view = JsonSerializer.SerializeToElement(new CharacterView { CharacterId = Guid.Empty, CharacterUserId = Guid.Empty, Name = "x", Tags = [], AlternateGreetings = [], Visibility = "private" }, CardFields.Json);
        var carried = CardFields.Data.Concat(CardFields.OurExtension).Select(f => f.OurName).ToHashSet();

        var undecided = view.EnumerateObject().Select(p => p.Name)
            .Where(name => !carried.Contains(name) && !CardFields.NotCarried.Contains(name) && !CardFields.KeptAsWritten.Contains(name));

        Assert.Empty(undecided);
        Assert.Empty(carried.Intersect(CardFields.NotCarried));
    }

    [Fact]
    public void EveryCarriedFieldIsOneTheCreateRequestAcceptsAndTheViewShows()
    {
        var request = typeof(CreateCharacterRequest).GetProperties().Select(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name)).ToHashSet();
        var view = typeof(CharacterView).GetProperties().Select(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name)).ToHashSet();

        foreach (var field in CardFields.Data.Concat(CardFields.OurExtension))
        {
            Assert.Contains(field.OurName, request);
            Assert.Contains(field.OurName, view);
        }
    }

    [Theory]
    [InlineData("name", "'name' is required.", "data.name", "'data.name' is required.")]
    [InlineData("public_description", "The length of 'public_description' must be 8000 characters or fewer.", "data.description", "The length of 'data.description' must be 8000 characters or fewer.")]
    [InlineData("tags[3]", "Each tag must be 1 to 32 characters.", "data.tags[3]", "Each tag must be 1 to 32 characters.")]
    [InlineData("alternate_greetings[0]", "'alternate_greetings[0]' must not contain control characters other than line breaks and tabs.", "data.alternate_greetings[0]", "'data.alternate_greetings[0]' must not contain control characters other than line breaks and tabs.")]
    [InlineData("hair_color", "'hair_color' must be a single line without control characters.", "data.extensions.kisschat.hair_color", "'data.extensions.kisschat.hair_color' must be a single line without control characters.")]
    [InlineData("avatar_url", "'avatar_url' is odd.", "avatar_url", "'avatar_url' is odd.")]
    public void ValidationErrorsOnOurFieldsPointAtTheCardMember(string ourPath, string message, string cardPath, string cardMessage) =>
        Assert.Equal((cardPath, cardMessage), CardFields.ToCardError(ourPath, message));
}

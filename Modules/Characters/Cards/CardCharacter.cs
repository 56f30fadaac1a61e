using KissChat.Characters.Editing;

namespace KissChat.Characters.Cards;

/// <summary>
/// A character as a card gives it, stored the way <see cref="CardValues"/> says: the card's text as written (a greeting
/// keeps its last line break), where typed text would be trimmed.
/// </summary>
internal sealed record CardCharacter : CharacterFields
{
    protected override string? Stored(string? text) => CardValues.Stored(text);

    protected override IReadOnlyList<string> StoredTags(IReadOnlyList<string?> tags) => CardValues.MatchableTags(tags);

    protected override IReadOnlyList<string> StoredGreetings(IReadOnlyList<string?> greetings) => CardValues.StoredGreetings(greetings);
}

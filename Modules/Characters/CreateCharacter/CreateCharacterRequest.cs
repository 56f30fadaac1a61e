using KissChat.Characters.Editing;

namespace KissChat.Characters.CreateCharacter;

/// <summary>A new character: every field of <see cref="CharacterFields"/>, absent ones taking their defaults.</summary>
internal sealed record CreateCharacterRequest : CharacterFields;

internal sealed class CreateCharacterValidator : CharacterFieldsValidator<CreateCharacterRequest>;

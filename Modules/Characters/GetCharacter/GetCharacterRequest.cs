namespace KissChat.Characters.GetCharacter;

/// <param name="Id">The character, from the route: your own, or anyone's public one.</param>
internal sealed record GetCharacterRequest(Guid Id);

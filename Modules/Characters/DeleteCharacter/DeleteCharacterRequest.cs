namespace KissChat.Characters.DeleteCharacter;

/// <param name="Id">The character, from the route: it must be your own.</param>
internal sealed record DeleteCharacterRequest(Guid Id);

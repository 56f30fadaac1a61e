namespace KissChat.Characters.Contracts;

/// <summary>What the Chats module may ask of characters: can this user chat with it, and who is it.</summary>
public interface ICharacterCatalog
{
    Task<CharacterAccess> FindForChatAsync(Guid characterId, Guid userId, CancellationToken cancellationToken);
}

public enum CharacterAccessOutcome
{
    NotFound,
    Forbidden,
    Found,
}

public sealed record CharacterAccess(CharacterAccessOutcome Outcome, CharacterPersona? Persona);

/// <param name="SystemPrompt">The system message a new chat starts with, built from every attribute the character has.</param>
/// <param name="Greeting">The character's first message, when it has one.</param>
/// <param name="AlternateGreetings">Other first messages the user may swipe to instead of the greeting; empty when there are none.</param>
public sealed record CharacterPersona(
    Guid Id, Guid OwnerId, string Name, string? AvatarUrl, string SystemPrompt, string? Greeting, IReadOnlyList<string> AlternateGreetings);

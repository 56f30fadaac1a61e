namespace KissChat.Characters.Contracts;

/// <summary>What the Chats module may ask of characters: can this user chat with it, who is it now, and count the chats.</summary>
public interface ICharacterCatalog
{
    /// <summary>
    /// Found for the owner and, when the character is public, for anyone who may see it; Forbidden for someone else's
    /// private one, and for an NSFW one the user has not opted in to; NotFound when there is none, or an administrator
    /// hid it, or its author is banned. A hidden definition still makes the prompt: it works in chats.
    /// </summary>
    Task<CharacterAccess> FindForChatAsync(Guid characterId, Guid userId, CancellationToken cancellationToken);

    /// <summary>
    /// May this user see this character's definition (the prompt it makes: system prompt, personality, scenario,
    /// greetings, examples…)? Its author always; others only while they may read the character and its author made
    /// the definition public. False when the character no longer exists. Ask it before showing anything built from
    /// the character to someone: a prompt preview, a chat's system message, an export.
    /// </summary>
    Task<bool> MaySeeDefinitionAsync(Guid characterId, Guid userId, CancellationToken cancellationToken);

    /// <summary>
    /// The character as it is now, for a chat's prompt: null when it is gone or no longer readable by the user (someone
    /// else's that was made private).
    /// </summary>
    Task<CharacterCard?> CardForChatAsync(Guid characterId, Guid userId, CancellationToken cancellationToken);

    /// <summary>Counts one more chat towards the character's popularity; call it once a new chat is saved.</summary>
    Task RecordChatStartedAsync(Guid characterId, CancellationToken cancellationToken);

    /// <summary>
    /// Name and avatar of each character that still exists, keyed by id, for listing chats. No access check: pass the
    /// ids of characters the user already has chats with.
    /// </summary>
    Task<IReadOnlyDictionary<Guid, CharacterSummary>> SummariesAsync(IReadOnlyCollection<Guid> characterIds, CancellationToken cancellationToken);
}

public enum CharacterAccessOutcome
{
    NotFound,
    Forbidden,
    Found,
}

public sealed record CharacterAccess(CharacterAccessOutcome Outcome, NewChatCharacter? Character);

/// <summary>What a new chat needs of its character: who it is and how it opens.</summary>
/// <param name="Greeting">The character's first message, when it has one.</param>
/// <param name="AlternateGreetings">Other first messages the user may swipe to instead of the greeting; empty when there are none.</param>
/// <param name="Definition">For the greetings' macros (<c>{{personality}}</c>…); null when the user may not see the definition.</param>
public sealed record NewChatCharacter(Guid Id, Guid OwnerId, string Name, string? AvatarUrl, string? Greeting, IReadOnlyList<string> AlternateGreetings, CharacterCard? Definition);

public sealed record CharacterSummary(Guid Id, string Name, string? AvatarUrl);

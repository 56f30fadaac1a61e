namespace KissChat.Personas.Contracts;

/// <summary>What the Chats module may ask of personas: who the user is in a chat.</summary>
public interface IPersonas
{
    /// <summary>
    /// The persona a chat uses: <paramref name="personaId"/> when it is still the user's, else the user's default persona,
    /// else null (the chat then speaks as the user's profile name).
    /// </summary>
    Task<PersonaCard?> ForChatAsync(Guid? personaId, Guid userId, CancellationToken cancellationToken);

    Task<bool> IsOwnAsync(Guid personaId, Guid userId, CancellationToken cancellationToken);

    /// <summary>The user's persona of that name (ignoring case and surrounding spaces), if there is one.</summary>
    Task<Guid?> FindByNameAsync(string name, Guid userId, CancellationToken cancellationToken);
}

/// <summary>Who the user plays: <c>{{user}}</c> is the name, and the description goes into the prompt.</summary>
public sealed record PersonaCard(Guid Id, string Name, string? Description);

/// <summary>Lets other modules point a foreign key at personas without seeing the entity class.</summary>
public static class PersonaModel
{
    public const string EntityTypeName = "KissChat.Personas.Data.Persona";
}

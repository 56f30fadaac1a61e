using KissChat.Personas.Contracts;
using KissChat.Users.Contracts;

namespace KissChat.Chats.Prompt;

/// <summary>
/// Who <c>{{user}}</c> is in a chat: its persona (or the user's default one), else their username, else "User". Prompts,
/// greetings and SillyTavern exports all name the user so.
/// </summary>
internal static class PromptUserName
{
    /// <param name="persona">The chat's persona as already read, if any.</param>
    public static async Task<string> OfAsync(PersonaCard? persona, IUserProfiles profiles, Guid userId, CancellationToken cancellationToken) =>
        persona?.Name ?? await profiles.UsernameAsync(userId, cancellationToken) ?? "User";

    public static async Task<string> ForChatAsync(IPersonas personas, IUserProfiles profiles, Guid? personaId, Guid userId, CancellationToken cancellationToken) =>
        await OfAsync(await personas.ForChatAsync(personaId, userId, cancellationToken), profiles, userId, cancellationToken);
}

using KissChat.Characters.Contracts;
using KissChat.Chats.Messages;

namespace KissChat.Chats.Groups;

internal static class SpeakerNames
{
    /// <summary>The messages with their speakers' names; a chat without speakers (one character) costs no query.</summary>
    public static async Task<List<MessageView>> AddAsync(List<MessageView> messages, ICharacterCatalog characters, CancellationToken cancellationToken)
    {
        var speakers = messages.Select(m => m.CharacterId).OfType<Guid>().Distinct().ToList();
        if (speakers.Count == 0)
        {
            return messages;
        }

        var names = await characters.SummariesAsync(speakers, cancellationToken);
        return [.. messages.Select(m => m.CharacterId is { } id && names.TryGetValue(id, out var speaker) ? m with { CharacterName = speaker.Name } : m)];
    }
}

using KissChat.Characters.Contracts;
using KissChat.Chats.Data;
using KissChat.Chats.Prompt;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats.Groups;

/// <summary>
/// What a group chat adds to the speaker's prompt: the other characters' lines carry their names (<c>Name: text</c>), so
/// the model can tell them from its own, and a short note says who is present and whose turn it is.
/// </summary>
/// <param name="Names">The members' names by character id (a deleted character has left the group: its lines read <see cref="FormerMember"/>).</param>
internal sealed record GroupPrompt(Guid Speaker, string SpeakerName, IReadOnlyList<string> MemberNames, IReadOnlyDictionary<Guid, string> Names)
{
    public const string FormerMember = "Someone";

    public static async Task<GroupPrompt> LoadAsync(KissChatDbContext db, ICharacterCatalog characters, Guid chatId, Guid speaker, CancellationToken cancellationToken)
    {
        var members = await db.Set<ChatMember>().AsNoTracking().Where(m => m.ChatId == chatId).OrderBy(m => m.Position).Select(m => m.CharacterId).ToListAsync(cancellationToken);
        var names = (await characters.SummariesAsync([.. members, speaker], cancellationToken)).ToDictionary(s => s.Key, s => s.Value.Name.Trim());
        return new GroupPrompt(
            speaker,
            names.GetValueOrDefault(speaker, FormerMember),
            [.. members.Where(names.ContainsKey).Select(id => names[id])],
            names);
    }

    /// <summary>The history with the other characters' lines named; the speaker's own lines stay as they are, unless <paramref name="everyone"/>'s are named.</summary>
    public List<HistoryMessage> Label(IEnumerable<HistoryMessage> history, bool everyone = false) =>
        [.. history.Select(h => h.Role == ChatRoles.Assistant && h.CharacterId is { } said && (everyone || said != Speaker)
            ? h with { Content = $"{Names.GetValueOrDefault(said, FormerMember)}: {h.Content}", Said = h.Content }
            : h)];

    /// <summary>Goes into the system message after the character; its macros are filled like the rest.</summary>
    public string Note =>
        $"{Present} Write only {SpeakerName}'s next reply; the others speak for themselves (their lines start with their names).";

    /// <summary>An impersonation's: the user writes next, so no character's turn is named, and every character's lines carry its name.</summary>
    public string ImpersonationNote => $"{Present} Each character's lines start with its name.";

    private string Present => $"This is a group chat. Present: {{{{user}}}} and {string.Join(", ", MemberNames)}.";
}

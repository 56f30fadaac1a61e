using System.Text.RegularExpressions;
using KissChat.Characters.Contracts;
using KissChat.Chats.Data;
using KissChat.Kernel.Database;
using KissChat.Kernel.Files;
using KissChat.Kernel.Http;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats.Groups;

/// <summary>
/// Chooses who speaks next in a group chat: the member the request names (it must be an unmuted member), else by the
/// chat's strategy. Muted members never speak. Single-character chats have no speaker to choose and cost no query here.
/// </summary>
internal sealed class GroupSpeakers(KissChatDbContext db, ICharacterCatalog characters)
{
    /// <param name="requested">The request's <c>character_id</c>, if any.</param>
    /// <param name="answered">The message the reply answers, which <c>natural</c> looks for names in.</param>
    /// <returns>The speaker (null in a single-character chat), or the problem to answer.</returns>
    public async Task<(Guid? Speaker, ProblemHttpResult? Problem)> ChooseAsync(Chat chat, Guid? requested, string? answered, CancellationToken cancellationToken)
    {
        if (chat.GroupStrategy is null)
        {
            return requested is null ? (null, null) : (null, FieldProblem.BadRequest("character_id", "'character_id' chooses the speaker in group chats only."));
        }

        var members = await MembersAsync(chat.Id, cancellationToken);
        if (requested is { } id)
        {
            return members.Find(m => m.CharacterId == id) switch
            {
                null => (null, NotAMember),
                { Muted: true } => (null, FieldProblem.BadRequest("character_id", "'character_id' is muted in this group chat; unmute it first.")),
                _ => (id, null),
            };
        }

        if (chat.GroupStrategy == GroupStrategies.Manual)
        {
            return (null, FieldProblem.BadRequest("character_id", "This group chat's strategy is manual: choose the speaker with 'character_id'."));
        }

        if (members.All(m => m.Muted))
        {
            return (null, Problems.Conflict("Every character of this group chat is muted: unmute one to get a reply."));
        }

        if (chat.GroupStrategy == GroupStrategies.Natural && answered is not null && await NamedAsync(members, answered, cancellationToken) is { } named)
        {
            return (named, null);
        }

        return (await NextInTurnAsync(chat.Id, members, cancellationToken), null);
    }

    /// <summary>The speaker of a new swipe of <paramref name="message"/>: the one asked for, else the one who said it.</summary>
    public async Task<(Guid? Speaker, ProblemHttpResult? Problem)> ForSwipeAsync(Chat chat, ChatMessage message, Guid? requested, CancellationToken cancellationToken) =>
        requested is null && message.CharacterId is { } said && chat.GroupStrategy is not null
            ? (said, null)
            : await ChooseAsync(chat, requested, null, cancellationToken);

    /// <summary>
    /// Whose turn an impersonation's prompt is built around: the member asked for, else the one who spoke last (the user
    /// answers them), else the first; muting stops a member speaking, not being answered.
    /// </summary>
    public async Task<(Guid? Speaker, ProblemHttpResult? Problem)> ForImpersonationAsync(Chat chat, Guid? requested, CancellationToken cancellationToken)
    {
        if (chat.GroupStrategy is null)
        {
            return await ChooseAsync(chat, requested, null, cancellationToken);
        }

        var members = await MembersAsync(chat.Id, cancellationToken);
        if (requested is { } id)
        {
            return members.Exists(m => m.CharacterId == id) ? (id, null) : (null, NotAMember);
        }

        var last = await LastSpeakerAsync(chat.Id, cancellationToken);
        return ((members.Find(m => m.CharacterId == last) ?? members.FirstOrDefault())?.CharacterId, null);
    }

    private static ProblemHttpResult NotAMember => FieldProblem.BadRequest("character_id", "'character_id' is not a character of this group chat.");

    public Task<List<ChatMember>> MembersAsync(Guid chatId, CancellationToken cancellationToken) =>
        db.Set<ChatMember>().AsNoTracking().Where(m => m.ChatId == chatId).OrderBy(m => m.Position).ToListAsync(cancellationToken);

    /// <summary>The unmuted member whose name (as a whole word, any case) comes first in the text.</summary>
    private async Task<Guid?> NamedAsync(List<ChatMember> members, string text, CancellationToken cancellationToken)
    {
        var speaking = members.Where(m => !m.Muted).Select(m => m.CharacterId).ToList();
        var names = await characters.SummariesAsync(speaking, cancellationToken);
        return speaking
            .Select(id => (Id: id, At: names.TryGetValue(id, out var s) ? Regex.Match(text, $@"(?<!\w){Regex.Escape(s.Name.Trim())}(?!\w)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant) : Match.Empty))
            .Where(m => m.At.Success)
            .OrderBy(m => m.At.Index)
            .Select(m => (Guid?)m.Id)
            .FirstOrDefault();
    }

    /// <summary>The first unmuted member after the last one who spoke, going round the group's order.</summary>
    private async Task<Guid> NextInTurnAsync(Guid chatId, List<ChatMember> members, CancellationToken cancellationToken)
    {
        var last = await LastSpeakerAsync(chatId, cancellationToken);
        var after = members.FindIndex(m => m.CharacterId == last);
        return Enumerable.Range(1, members.Count).Select(step => members[(after + step + members.Count) % members.Count]).First(m => !m.Muted).CharacterId;
    }

    private Task<Guid?> LastSpeakerAsync(Guid chatId, CancellationToken cancellationToken) =>
        db.Set<ChatMessage>()
            .Where(m => m.ChatId == chatId && m.Role == ChatRoles.Assistant && m.CharacterId != null)
            .OrderByDescending(m => m.Seq)
            .Select(m => m.CharacterId)
            .FirstOrDefaultAsync(cancellationToken);
}

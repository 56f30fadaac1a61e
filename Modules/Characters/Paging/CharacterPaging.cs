using KissChat.Characters.Data;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Characters.Paging;

/// <summary>One page of characters and the cursor of the next.</summary>
internal sealed record CharacterRows(IReadOnlyList<Character> Rows, string? NextCursor);

internal static class CharacterPaging
{
    /// <summary>How far back "trending" counts chats: today and the six days before.</summary>
    public const int TrendingDays = 7;

    /// <summary>One page of <paramref name="characters"/> in <paramref name="order"/>, starting after <paramref name="after"/>.</summary>
    public static async Task<CharacterRows> PageAsync(
        IQueryable<Character> characters, KissChatDbContext db, TimeProvider clock, CharacterOrder order, CharacterCursor? after, int limit, CancellationToken cancellationToken)
    {
        characters = characters.AsNoTracking();
        if (order == CharacterOrder.Newest)
        {
            var rows = await Newest(characters, after).Take(limit + 1).ToListAsync(cancellationToken);
            return Page(rows.Select(c => (c, 0, c.CreatedAt)).ToList(), order, limit);
        }

        var ranked = await Ranked(Rank(characters, order, db, clock), after).Take(limit + 1).ToListAsync(cancellationToken);
        return Page(ranked.Select(r => (r.Character, r.Score, r.Character.CreatedAt)).ToList(), order, limit);
    }

    /// <summary>
    /// The page of <paramref name="rows"/>, each with its sort key: fetch one more than <paramref name="limit"/>, which
    /// says whether there is a next page without a second query.
    /// </summary>
    public static CharacterRows Page(List<(Character Character, int Score, DateTime Time)> rows, CharacterOrder order, int limit)
    {
        var page = rows.Take(limit).ToList();
        var next = rows.Count > limit ? new CharacterCursor(order, page[^1].Score, page[^1].Time, page[^1].Character.Id).Encode() : null;
        return new CharacterRows(page.Select(r => r.Character).ToList(), next);
    }

    private static IOrderedQueryable<Character> Newest(IQueryable<Character> characters, CharacterCursor? after)
    {
        if (after is { Time: var createdAt, Id: var id })
        {
            characters = characters.Where(c => c.CreatedAt < createdAt || (c.CreatedAt == createdAt && c.Id.CompareTo(id) < 0));
        }

        return characters.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id);
    }

    private static IQueryable<RankedCharacter> Rank(IQueryable<Character> characters, CharacterOrder order, KissChatDbContext db, TimeProvider clock)
    {
        var since = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(1 - TrendingDays);
        return order switch
        {
            CharacterOrder.MostLiked => characters.Select(c => new RankedCharacter { Character = c, Score = c.LikeCount }),
            CharacterOrder.Trending => characters.Select(c => new RankedCharacter
            {
                Character = c,
                Score = db.Set<CharacterChatDay>().Where(d => d.CharacterId == c.Id && d.Day >= since).Sum(d => d.Chats),
            }),
            _ => characters.Select(c => new RankedCharacter { Character = c, Score = c.ChatCount }),
        };
    }

    private static IOrderedQueryable<RankedCharacter> Ranked(IQueryable<RankedCharacter> ranked, CharacterCursor? after)
    {
        if (after is { Score: var score, Time: var createdAt, Id: var id })
        {
            ranked = ranked.Where(r => r.Score < score
                || (r.Score == score && (r.Character.CreatedAt < createdAt || (r.Character.CreatedAt == createdAt && r.Character.Id.CompareTo(id) < 0))));
        }

        return ranked.OrderByDescending(r => r.Score).ThenByDescending(r => r.Character.CreatedAt).ThenByDescending(r => r.Character.Id);
    }

    private sealed class RankedCharacter
    {
        public required Character Character { get; init; }

        public int Score { get; init; }
    }
}

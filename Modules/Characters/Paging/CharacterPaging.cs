using System.Linq.Expressions;
using KissChat.Characters.Data;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace KissChat.Characters.Paging;

/// <summary>One page of rows and the cursor of the next.</summary>
internal sealed record CharacterRows<T>(IReadOnlyList<T> Rows, string? NextCursor);

/// <summary>A listed row with the sort key it was paged by.</summary>
internal sealed record KeyedRow<T>(T Row, int Score, DateTime Time, Guid Id);

/// <summary>
/// Pages read only the columns a list shows (<c>row</c>) and its sort keys, never the whole character: its imported
/// card alone may be megabytes, and its definition texts are long.
/// </summary>
internal static class CharacterPaging
{
    /// <summary>How far back "trending" counts chats: today and the six days before.</summary>
    public const int TrendingDays = 7;

    /// <summary>One page of <paramref name="characters"/> as <paramref name="row"/> reads them, in <paramref name="order"/>, starting after <paramref name="after"/>.</summary>
    public static async Task<CharacterRows<T>> PageAsync<T>(
        IQueryable<Character> characters, Expression<Func<Character, T>> row, KissChatDbContext db, TimeProvider clock, CharacterOrder order, CharacterCursor? after, int limit,
        CancellationToken cancellationToken)
    {
        characters = characters.AsNoTracking();
        var rows = order == CharacterOrder.Newest
            ? await Newest(characters, after).Take(limit + 1).Select(Keyed<Character, T>(c => c, (c, shown) => new KeyedRow<T>(shown, 0, c.CreatedAt, c.Id), row)).ToListAsync(cancellationToken)
            : await Ranked(Rank(characters, order, db, clock), after).Take(limit + 1)
                .Select(Keyed<RankedCharacter, T>(r => r.Character, (r, shown) => new KeyedRow<T>(shown, r.Score, r.Character.CreatedAt, r.Character.Id), row)).ToListAsync(cancellationToken);
        return Page(rows, order, limit);
    }

    /// <summary>
    /// The page of <paramref name="rows"/>, each with its sort key: fetch one more than <paramref name="limit"/>, which
    /// says whether there is a next page without a second query.
    /// </summary>
    public static CharacterRows<T> Page<T>(List<KeyedRow<T>> rows, CharacterOrder order, int limit)
    {
        var page = rows.Take(limit).ToList();
        var next = rows.Count > limit ? new CharacterCursor(order, page[^1].Score, page[^1].Time, page[^1].Id).Encode() : null;
        return new CharacterRows<T>(page.Select(r => r.Row).ToList(), next);
    }

    /// <summary>
    /// <paramref name="keys"/> with its second parameter made <paramref name="row"/> of the character that
    /// <paramref name="character"/> finds in the source: one SELECT of the shown columns and the sort key.
    /// </summary>
    public static Expression<Func<TSource, KeyedRow<T>>> Keyed<TSource, T>(
        Expression<Func<TSource, Character>> character, Expression<Func<TSource, T, KeyedRow<T>>> keys, Expression<Func<Character, T>> row)
    {
        var source = keys.Parameters[0];
        var shown = ReplacingExpressionVisitor.Replace(row.Parameters[0], ReplacingExpressionVisitor.Replace(character.Parameters[0], source, character.Body), row.Body);
        return Expression.Lambda<Func<TSource, KeyedRow<T>>>(ReplacingExpressionVisitor.Replace(keys.Parameters[1], shown, keys.Body), source);
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

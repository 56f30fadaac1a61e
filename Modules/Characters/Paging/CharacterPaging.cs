using KissChat.Characters.Data;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Characters.Paging;

internal static class CharacterPaging
{
    /// <summary>One page of <paramref name="characters"/> in <paramref name="order"/>, starting after <paramref name="after"/>.</summary>
    public static async Task<CharacterPage> PageAsync(
        IQueryable<Character> characters, CharacterOrder order, CharacterCursor? after, int limit, CancellationToken cancellationToken)
    {
        var sorted = order == CharacterOrder.Popular ? Popular(characters, after) : Newest(characters, after);
        // One extra row says whether there is a next page without a second query.
        var rows = await sorted.AsNoTracking().Take(limit + 1).ToListAsync(cancellationToken);
        var page = rows.Take(limit).ToList();
        var next = rows.Count > limit ? new CharacterCursor(order, page[^1].ChatCount, page[^1].CreatedAt, page[^1].Id).Encode() : null;
        return new CharacterPage(page.Select(CharacterView.From).ToList(), next);
    }

    private static IOrderedQueryable<Character> Newest(IQueryable<Character> characters, CharacterCursor? after)
    {
        if (after is { CreatedAt: var createdAt, Id: var id })
        {
            characters = characters.Where(c => c.CreatedAt < createdAt || (c.CreatedAt == createdAt && c.Id.CompareTo(id) < 0));
        }

        return characters.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id);
    }

    private static IOrderedQueryable<Character> Popular(IQueryable<Character> characters, CharacterCursor? after)
    {
        if (after is { ChatCount: var chatCount, CreatedAt: var createdAt, Id: var id })
        {
            characters = characters.Where(c => c.ChatCount < chatCount
                || (c.ChatCount == chatCount && (c.CreatedAt < createdAt || (c.CreatedAt == createdAt && c.Id.CompareTo(id) < 0))));
        }

        return characters.OrderByDescending(c => c.ChatCount).ThenByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id);
    }
}

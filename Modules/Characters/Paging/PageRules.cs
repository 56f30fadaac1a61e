using FluentValidation;
using KissChat.Kernel.Validation;

namespace KissChat.Characters.Paging;

/// <summary>
/// <c>cursor</c> and <c>limit</c> arrive as text so that a bad value is a 400 naming the field rather than a
/// binding failure; an empty value (<c>?cursor=&amp;limit=</c>) means "not given" (<see cref="LimitRules"/>).
/// </summary>
internal static class PageRules
{
    public const int DefaultLimit = 20;

    public const int MaxLimit = 100;

    public const string CursorDescription = "The next_cursor of the previous page; none for the first page.";

    public const string LimitDescription = "Characters per page, 1 to 100 (default 20).";

    public static int Limit(string? limit) => LimitRules.Read(limit, DefaultLimit);

    public static CharacterCursor? Cursor(string? cursor, CharacterOrder order) =>
        string.IsNullOrEmpty(cursor) ? null : CharacterCursor.Decode(cursor, order);

    public static IRuleBuilderOptions<T, string?> PageLimit<T>(this IRuleBuilder<T, string?> rule) => rule.Limit(MaxLimit);

    public static IRuleBuilderOptions<T, string?> PageCursor<T>(this IRuleBuilder<T, string?> rule, Func<T, CharacterOrder> order) =>
        rule.Must((query, cursor) => string.IsNullOrEmpty(cursor) || CharacterCursor.Decode(cursor, order(query)) is not null)
            .WithMessage("'cursor' is not a next_cursor from this listing; start again without one.");
}

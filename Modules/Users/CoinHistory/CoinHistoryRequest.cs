using System.Globalization;
using System.Text.Json.Serialization;
using FastEndpoints;
using FluentValidation;

namespace KissChat.Users.CoinHistory;

/// <param name="Cursor">The next_cursor of the previous page; none for the newest page.</param>
/// <param name="Limit">Entries per page, 1 to 100 (default 20).</param>
internal sealed record CoinHistoryRequest(string? Cursor, string? Limit)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    /// <summary>Only entries older than this one (ids grow with time).</summary>
    [JsonIgnore]
    public long Before => string.IsNullOrEmpty(Cursor) ? long.MaxValue : long.Parse(Cursor, NumberStyles.None, CultureInfo.InvariantCulture);

    [JsonIgnore]
    public int Take => string.IsNullOrEmpty(Limit) ? DefaultLimit : int.Parse(Limit, NumberStyles.None, CultureInfo.InvariantCulture);
}

internal sealed class CoinHistoryValidator : Validator<CoinHistoryRequest>
{
    public CoinHistoryValidator()
    {
        RuleFor(r => r.Cursor)
            .Must(c => string.IsNullOrEmpty(c) || (long.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0))
            .WithMessage("'cursor' is not a next_cursor from this listing; start again without one.");
        RuleFor(r => r.Limit)
            .Must(l => string.IsNullOrEmpty(l)
                || (int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= CoinHistoryRequest.MaxLimit))
            .WithMessage($"'limit' must be a whole number from 1 to {CoinHistoryRequest.MaxLimit}.");
    }
}

using System.Globalization;
using System.Text.Json.Serialization;
using FastEndpoints;
using FluentValidation;
using KissChat.Kernel.Validation;

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
    public int Take => LimitRules.Read(Limit, DefaultLimit);
}

internal sealed class CoinHistoryValidator : Validator<CoinHistoryRequest>
{
    public CoinHistoryValidator()
    {
        RuleFor(r => r.Cursor)
            .Must(c => string.IsNullOrEmpty(c) || (long.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0))
            .WithMessage("'cursor' is not a next_cursor from this listing; start again without one.");
        RuleFor(r => r.Limit).Limit(CoinHistoryRequest.MaxLimit);
    }
}

using System.Text.Json.Serialization;
using FastEndpoints;
using FluentValidation;
using KissChat.Characters.Contracts;
using KissChat.Kernel.Validation;

namespace KissChat.Admin.ListReports;

/// <param name="Status">open (the default) or resolved.</param>
/// <param name="Cursor">The next_cursor of the previous page; none for the first.</param>
/// <param name="Limit">Reports per page, 1 to 100 (default 50).</param>
internal sealed record ListReportsRequest(string? Status, string? Cursor, string? Limit)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 100;

    [JsonIgnore]
    public string StatusOrOpen => string.IsNullOrEmpty(Status) ? ReportStatuses.Open : Status;

    [JsonIgnore]
    public Guid? After => string.IsNullOrEmpty(Cursor) ? null : Guid.ParseExact(Cursor, "N");

    [JsonIgnore]
    public int Take => LimitRules.Read(Limit, DefaultLimit);
}

internal sealed class ListReportsValidator : Validator<ListReportsRequest>
{
    public ListReportsValidator()
    {
        RuleFor(r => r.Status)
            .Must(s => string.IsNullOrEmpty(s) || s is ReportStatuses.Open or ReportStatuses.Resolved)
            .WithMessage($"'status' must be '{ReportStatuses.Open}' or '{ReportStatuses.Resolved}'.");
        RuleFor(r => r.Cursor)
            .Must(c => string.IsNullOrEmpty(c) || Guid.TryParseExact(c, "N", out _))
            .WithMessage("'cursor' is not a next_cursor from this listing; start again without one.");
        RuleFor(r => r.Limit).Limit(ListReportsRequest.MaxLimit);
    }
}

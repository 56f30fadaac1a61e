using System.Text.Json.Serialization;
using FastEndpoints;
using FluentValidation;
using KissChat.Admin.Administrators;
using KissChat.Characters.Contracts;
using KissChat.Kernel.Validation;

namespace KissChat.Admin.ResolveReport;

/// <param name="Id">The report, from the route.</param>
/// <param name="Action">dismiss (nothing wrong), hide_character (out of every public place; its author still sees it, with the note),
/// or ban_user (the character's author can no longer log in, and their sessions end).</param>
/// <param name="Note">Why: shown to the author of a hidden character, kept as the reason of a ban.</param>
internal sealed record ResolveReportRequest(Guid Id, string? Action, string? Note)
{
    public const string Dismiss = "dismiss";
    public const string HideCharacter = "hide_character";
    public const string BanUser = "ban_user";

    [JsonIgnore]
    public ReportAction ReportAction => Action switch
    {
        HideCharacter => Characters.Contracts.ReportAction.HideCharacter,
        BanUser => Characters.Contracts.ReportAction.BanUser,
        _ => Characters.Contracts.ReportAction.Dismiss,
    };
}

internal sealed class ResolveReportValidator : Validator<ResolveReportRequest>
{
    public ResolveReportValidator()
    {
        RuleFor(r => r.Action)
            .Must(a => a is ResolveReportRequest.Dismiss or ResolveReportRequest.HideCharacter or ResolveReportRequest.BanUser)
            .WithMessage($"'action' must be {ResolveReportRequest.Dismiss}, {ResolveReportRequest.HideCharacter} or {ResolveReportRequest.BanUser}.");
        RuleFor(r => r.Note).Prose(Bans.ReasonLength);
    }
}

/// <param name="Resolution">dismiss, hide_character or ban_user.</param>
/// <param name="BannedUserId">The character's author, when they were banned.</param>
internal sealed record ResolvedReport(Guid ReportId, string Resolution, Guid? BannedUserId);

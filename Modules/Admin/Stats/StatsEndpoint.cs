using FastEndpoints;
using KissChat.Characters.Contracts;
using KissChat.Chats.Contracts;
using KissChat.Jobs.Contracts;
using KissChat.Kernel.Http;
using KissChat.Kernel.Statistics;
using KissChat.Users.Contracts;

namespace KissChat.Admin.Stats;

/// <param name="Users">Accounts, by when they were opened.</param>
/// <param name="Characters">Characters, by when they were created.</param>
/// <param name="Chats">Chats, by when they were started (deleted ones are gone from every count).</param>
/// <param name="Replies">Replies that completed, by when.</param>
/// <param name="Failures">Replies that failed, by when.</param>
internal sealed record AdminStats(ActivityCount Users, ActivityCount Characters, ActivityCount Chats, ActivityCount Replies, ActivityCount Failures);

internal sealed class StatsEndpoint(
    IUserAdministration users, ICharacterModeration characters, IChatStatistics chats, IJobStatistics jobs, TimeProvider clock)
    : EndpointWithoutRequest<Ok<DataResponse<AdminStats>>>
{
    public override void Configure()
    {
        Get("/stats");
        Group<AdminGroup>();
        Description(b => b.WithName("GetAdminStats"));
        Summary(s => s.Summary = "How many users, characters, chats, replies and failed replies there are, and how many of the last day and week.");
    }

    public override async Task<Ok<DataResponse<AdminStats>>> ExecuteAsync(CancellationToken ct)
    {
        var windows = ActivityWindows.Before(clock.GetUtcNow().UtcDateTime);
        var stats = new AdminStats(
            await users.CountAccountsAsync(windows, ct),
            await characters.CountCharactersAsync(windows, ct),
            await chats.CountChatsAsync(windows, ct),
            await jobs.CountEndedAsync(JobStatus.Completed, windows, ct),
            await jobs.CountEndedAsync(JobStatus.Failed, windows, ct));
        return TypedResults.Ok(new DataResponse<AdminStats>(stats));
    }
}

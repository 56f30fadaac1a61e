using KissChat.Chats.Replies;
using KissChat.Jobs.Contracts;
using KissChat.Jobs.Data;
using KissChat.Kernel.Database;
using KissChat.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Tests.Database;

/// <summary>
/// Jobs are kept after they end, so the checks every reply's start makes (the user's replies running, the chat's) must
/// find unfinished jobs through indexes that hold nothing else, or a user's thousandth reply reads the 999 before it.
/// </summary>
public abstract class UnfinishedJobsIndexTests(KissChatServer server)
{
    [Fact]
    public async Task TheChecksAtEveryReplysStartReadOnlyUnfinishedJobs()
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KissChatDbContext>();
        var id = Guid.NewGuid();
        // Jobs.UnfinishedSubjectsQuery as a reply's start sends it, and the shape of Jobs.FindUnfinishedAsync.
        var jobs = scope.ServiceProvider.GetRequiredService<IJobs>();
        var users = db.Database.SqlQuery<Guid?>(jobs.UnfinishedSubjectsQuery(id, ChatReplyHandler.Kind, key: null));
        // A start with an Idempotency-Key also looks up the user's job stored with it, finished or not (0034).
        var keyed = db.Database.SqlQuery<Guid?>(jobs.UnfinishedSubjectsQuery(id, ChatReplyHandler.Kind, new RequestKey("a-key", "a-fingerprint")));
        var subjects = db.Set<Job>().Where(j => j.SubjectId == id && (j.Status == JobStatus.Waiting || j.Status == JobStatus.Active)).OrderByDescending(j => j.CreatedAt).Select(j => j.Id);

        await using var transaction = await db.Database.BeginTransactionAsync();
        if (db.Database.IsNpgsql())
        {
            // An empty table is read whole unless the planner is told not to; what matters is which index it can use.
            await db.Database.ExecuteSqlRawAsync("SET LOCAL enable_seqscan = off");
        }

        Assert.Contains("ix_jobs_user_id_kind", await QueryPlans.OfAsync(db, users.CreateDbCommand()));
        var keyedPlan = await QueryPlans.OfAsync(db, keyed.CreateDbCommand());
        Assert.Contains("ix_jobs_user_id_kind", keyedPlan);
        Assert.Contains("ix_jobs_user_id_idempotency_key", keyedPlan);
        Assert.Contains("ix_jobs_subject_id ", await QueryPlans.OfAsync(db, subjects.CreateDbCommand()) + " ");
    }
}

public sealed class UnfinishedJobsIndexTestsOnSqlite(SqliteServer server) : UnfinishedJobsIndexTests(server), IClassFixture<SqliteServer>;

public sealed class UnfinishedJobsIndexTestsOnPostgres(PostgresServer server) : UnfinishedJobsIndexTests(server), IClassFixture<PostgresServer>;

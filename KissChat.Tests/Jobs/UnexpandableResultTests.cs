using System.Text.Json;
using System.Text.Json.Nodes;
using KissChat.Jobs.Contracts;
using KissChat.Jobs.Data;
using KissChat.Jobs.Running;
using KissChat.Kernel.Database;
using KissChat.Kernel.Identity;
using KissChat.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Tests.Jobs;

/// <summary>
/// A completed job whose result its handler cannot expand (a bug in the expansion, not the database) still ends as stored:
/// the finisher gives no final frame, as when the database fails there, and its listeners read the end from its row.
/// </summary>
public abstract class UnexpandableResultTests(KissChatServer server)
{
    private const string Kind = "unexpandable-test";
    private const string Owner = "unexpandable-test-instance";

    [Fact]
    public async Task AnExpansionThatThrowsLeavesTheEndStoredAndNoFinalFrame()
    {
        var job = await AddRunningJobAsync();
        await using var scope = server.Services.CreateAsyncScope();
        var services = new WithHandler(scope.ServiceProvider, Kind, new UnexpandableHandler());
        var finisher = ActivatorUtilities.CreateInstance<JobFinisher>(services, services);

        var ended = await finisher.EndAsync(job, Owner, JobOutcome.Completed(new JsonObject { ["response"] = "hello" }), streamed: null, started: true);

        Assert.NotNull(ended);
        Assert.Null(ended.FinalFrame);
        var row = await JobAsync(job.Id);
        Assert.Equal((JobStatus.Completed, (string?)null), (row.Status, row.Error));
        Assert.Equal("hello", (string?)JsonNode.Parse(row.Result!)!["response"]);
    }

    private async Task<JobInfo> AddRunningJobAsync()
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KissChatDbContext>();
        var email = $"{Guid.NewGuid():N}@example.com";
        var user = new AppUser { Id = Guid.CreateVersion7(), UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant() };
        var job = new Job { Id = Guid.CreateVersion7(), UserId = user.Id, Kind = Kind, Status = JobStatus.Active, Payload = "{}", LockedBy = Owner, CreatedAt = DateTime.UtcNow };
        db.AddRange(user, job);
        await db.SaveChangesAsync();
        return job.Info();
    }

    private async Task<Job> JobAsync(Guid id)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<KissChatDbContext>().Set<Job>().AsNoTracking().SingleAsync(j => j.Id == id);
    }

    /// <summary>Stores its result as given; its expansion fails as a stored result it cannot read would.</summary>
    private sealed class UnexpandableHandler : IJobHandler
    {
        public Task<JobOutcome> RunAsync(JobContext context, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<JsonObject> ExpandResultAsync(JobInfo job, JsonObject storedResult, CancellationToken cancellationToken) =>
            throw new JsonException("The stored result has no history to expand.");

        public Task AbandonedAsync(JobInfo job, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>The job's scope, with <paramref name="handler"/> for jobs of <paramref name="kind"/>.</summary>
    private sealed class WithHandler(IServiceProvider services, string kind, IJobHandler handler) : IKeyedServiceProvider
    {
        public object? GetService(Type serviceType) => services.GetService(serviceType);

        public object? GetKeyedService(Type serviceType, object? serviceKey) =>
            serviceType == typeof(IJobHandler) && Equals(serviceKey, kind) ? handler : ((IKeyedServiceProvider)services).GetKeyedService(serviceType, serviceKey);

        public object GetRequiredKeyedService(Type serviceType, object? serviceKey) =>
            GetKeyedService(serviceType, serviceKey) ?? throw new InvalidOperationException($"No {serviceType} for {serviceKey}.");
    }
}

public sealed class UnexpandableResultTestsOnSqlite(SqliteServer server) : UnexpandableResultTests(server), IClassFixture<SqliteServer>;

public sealed class UnexpandableResultTestsOnPostgres(PostgresServer server) : UnexpandableResultTests(server), IClassFixture<PostgresServer>;

using System.Reflection;
using KissChat.Auth.Authentication;
using KissChat.Auth.Sessions;
using KissChat.Chats.ContinueReply;
using KissChat.Chats.RegenerateReply;
using KissChat.Chats.SendMessage;
using KissChat.Chats.StreamReply;
using KissChat.Chats.Streaming;
using KissChat.Jobs.Contracts;
using KissChat.Jobs.Running;
using KissChat.Kernel.Database;
using KissChat.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Tests.Architecture;

/// <summary>
/// What lives as long as a reply (its job, its stream, the request that opened the stream) is built without a database
/// context: a pooled context is leased from the moment it is resolved until its scope ends, so one taken by a constructor
/// here would be held for as long as the model takes. Walks the constructors as the server's own container resolves them.
/// </summary>
public sealed class DatabaseLeaseTests(SqliteServer server) : IClassFixture<SqliteServer>
{
    public static TheoryData<string> LongLivedParts => new(Roots().Keys);

    [Theory]
    [MemberData(nameof(LongLivedParts))]
    public void APartAReplyKeepsAliveTakesNoDatabaseContextWhenBuilt(string part)
    {
        using var scope = server.Services.CreateScope();

        var paths = Roots()[part](scope.ServiceProvider).Select(type => PathToContext(type, scope.ServiceProvider, [])).OfType<List<string>>();

        Assert.True(!paths.Any(), $"{part} leases a database context for as long as it lives: {string.Join("; ", paths.Select(p => string.Join(" → ", p)))}");
    }

    [Fact]
    public void TheWalkFindsAContextTakenThroughAnotherService()
    {
        using var scope = server.Services.CreateScope();

        var path = PathToContext(typeof(KissChat.Chats.ChatWrites), scope.ServiceProvider, []);

        Assert.Equal(["ChatWrites", nameof(KissChatDbContext)], path);
    }

    private static Dictionary<string, Func<IServiceProvider, IEnumerable<Type>>> Roots() => new()
    {
        ["reply job"] = services => [services.GetRequiredKeyedService<IJobHandler>(KissChat.Chats.Replies.ChatReplyHandler.Kind).GetType()],
        ["summary job"] = services => [services.GetRequiredKeyedService<IJobHandler>(KissChat.Chats.Memory.SummaryHandler.Kind).GetType()],
        ["job runner"] = _ => [typeof(JobRunner)],
        ["job streams"] = services => [services.GetRequiredService<IJobStreams>().GetType()],
        ["reply stream"] = _ => [typeof(ReplyStream)],
        ["reply starts"] = _ => [typeof(ReplyStarts)],
        ["send message"] = _ => [typeof(SendMessageEndpoint)],
        ["regenerate"] = _ => [typeof(RegenerateReplyEndpoint)],
        ["continue"] = _ => [typeof(ContinueReplyEndpoint)],
        ["resume stream"] = _ => [typeof(StreamReplyEndpoint)],
        ["authentication"] = _ => [typeof(SessionAuthenticationHandler)],
        ["session check"] = _ => [typeof(LiveSessions)],
        // Built for every authorized request, whichever policy it needs.
        ["authorization"] = services => services.GetServices<IAuthorizationHandler>().Select(handler => handler.GetType()),
    };

    /// <summary>The chain of constructor dependencies from <paramref name="type"/> to a context, or null when there is none.</summary>
    private static List<string>? PathToContext(Type type, IServiceProvider services, HashSet<Type> seen)
    {
        if (type == typeof(KissChatDbContext))
        {
            return [type.Name];
        }

        if (!seen.Add(type) || !type.Assembly.GetName().Name!.StartsWith("KissChat", StringComparison.Ordinal))
        {
            return null;
        }

        var constructor = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance).MaxBy(c => c.GetParameters().Length);
        foreach (var parameter in constructor?.GetParameters() ?? [])
        {
            // An interface's own implementation is what the container builds; what it cannot build here is not a service.
            var built = parameter.ParameterType == typeof(KissChatDbContext) ? typeof(KissChatDbContext) : services.GetService(parameter.ParameterType)?.GetType();
            if (built is not null && PathToContext(built, services, seen) is { } path)
            {
                return [type.Name, .. path];
            }
        }

        return null;
    }
}

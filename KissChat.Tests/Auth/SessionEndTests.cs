using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using KissChat.Kernel.Database;
using KissChat.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Tests.Auth;

/// <summary>Ending a session ends its access tokens too, at once, not when they expire an hour later.</summary>
public abstract class SessionEndTests(KissChatServer server)
{
    [Fact]
    public async Task AfterLogoutACopiedAccessTokenIsRefusedAtOnce()
    {
        var user = await TestUser.SignUpAsync(server);
        var copy = Bearer(server, user.AccessToken);
        await (await copy.GetAsync("/api/v1/auth/me")).AssertOkJsonAsync();

        await (await user.Client.PostAsync("/api/v1/auth/logout", null)).AssertOkJsonAsync();

        var problem = await (await copy.GetAsync("/api/v1/auth/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("This session has ended; log in again.", problem.GetProperty("error").GetString());
    }

    [Fact]
    public async Task LoggingOutOneSessionLeavesTheUsersOtherSessionsWorking()
    {
        var user = await TestUser.SignUpAsync(server);
        var login = await server.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = user.Password, method = "email" });
        var otherToken = (await login.AssertOkJsonAsync()).GetProperty("data").GetProperty("session").GetProperty("access_token").GetString()!;
        var ended = Bearer(server, user.AccessToken);
        var other = Bearer(server, otherToken);
        await (await ended.GetAsync("/api/v1/auth/me")).AssertOkJsonAsync();
        await (await other.GetAsync("/api/v1/auth/me")).AssertOkJsonAsync();

        await (await new HttpClient { BaseAddress = server.BaseAddress }.PostAsJsonAsync("/api/v1/auth/logout", new { refresh_token = user.RefreshToken })).AssertOkJsonAsync();

        await (await ended.GetAsync("/api/v1/auth/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var me = await (await other.GetAsync("/api/v1/auth/me")).AssertOkJsonAsync();
        Assert.Equal(user.Id, me.GetProperty("data").GetProperty("user_id").GetGuid());
    }

    [Fact]
    public async Task AfterTheAccountIsDeletedACopiedAccessTokenIsRefusedAtOnce()
    {
        var user = await TestUser.SignUpAsync(server);
        var copy = Bearer(server, user.AccessToken);
        await (await copy.GetAsync("/api/v1/auth/me")).AssertOkJsonAsync();

        await (await user.Client.DeleteAsync($"/api/v1/user/delete/{user.Id}")).AssertOkJsonAsync();

        var problem = await (await copy.GetAsync("/api/v1/character/list")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("This account no longer exists.", problem.GetProperty("error").GetString());
    }

    /// <summary>
    /// Another instance deleted the account; this one has not noticed yet (its session check comes every few seconds), so
    /// the request gets as far as its write, which points at the account: the session is over, never a server error.
    /// </summary>
    [Fact]
    public async Task AWriteForAnAccountDeletedElsewhereEndsTheSessionNotTheServer()
    {
        var user = await TestUser.SignUpAsync(server);
        await (await user.Client.GetAsync("/api/v1/auth/me")).AssertOkJsonAsync();
        await server.Services.GetRequiredService<IServiceScopeFactory>().WithDatabaseAsync(db => db.Users.Where(u => u.Id == user.Id).ExecuteDeleteAsync());

        var response = await user.Client.PostAsJsonAsync("/api/v1/persona/create", new { name = "Ada" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("This account no longer exists.", problem.GetProperty("error").GetString());
    }

    internal static HttpClient Bearer(KissChatServer server, string accessToken)
    {
        var client = new HttpClient { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }
}

public sealed class SessionEndTestsOnSqlite(SqliteServer server) : SessionEndTests(server), IClassFixture<SqliteServer>;

public sealed class SessionEndTestsOnPostgres(PostgresServer server) : SessionEndTests(server), IClassFixture<PostgresServer>;

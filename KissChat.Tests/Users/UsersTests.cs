using System.Net;
using System.Net.Http.Json;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Users;

public abstract class UsersTests(KissChatServer server)
{
    [Fact]
    public async Task UpdatingYourProfileChangesOnlyTheFieldsSent()
    {
        var user = await TestUser.SignUpAsync(server);

        var response = await user.Client.PutAsJsonAsync($"/api/v1/user/update/{user.Id}", new { username = "  Neo  ", status = "away" });

        var body = await response.AssertOkJsonAsync();
        var data = body.GetProperty("data");
        Assert.Equal("Neo", data.GetProperty("username").GetString());
        Assert.Equal("away", data.GetProperty("status").GetString());
        var me = (await (await user.Client.GetAsync("/api/v1/auth/me")).AssertOkJsonAsync()).GetProperty("data");
        Assert.Equal("Neo", me.GetProperty("username").GetString());
        Assert.Equal(data.GetProperty("avatar_url").GetString(), me.GetProperty("avatar_url").GetString());
    }

    [Fact]
    public async Task UpdatingSomeoneElsesProfileIsForbiddenAndChangesNothing()
    {
        var owner = await TestUser.SignUpAsync(server);
        var intruder = await TestUser.SignUpAsync(server);

        var response = await intruder.Client.PutAsJsonAsync($"/api/v1/user/update/{owner.Id}", new { username = "hacked" });

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        var me = (await (await owner.Client.GetAsync("/api/v1/auth/me")).AssertOkJsonAsync()).GetProperty("data");
        Assert.Equal(owner.Email.Split('@')[0], me.GetProperty("username").GetString());
    }

    [Theory]
    [InlineData("{}", "body")]
    [InlineData("{\"username\": \"   \"}", "username")]
    [InlineData("{\"avatar_url\": \"javascript:alert(1)\"}", "avatar_url")]
    [InlineData("{\"status\": 5}", "status")]
    public async Task InvalidProfileUpdatesNameTheField(string json, string field)
    {
        var user = await TestUser.SignUpAsync(server);

        var response = await user.Client.PutAsync($"/api/v1/user/update/{user.Id}", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task AMalformedIdIsABadRequest()
    {
        var user = await TestUser.SignUpAsync(server);

        var response = await user.Client.PutAsJsonAsync("/api/v1/user/update/not-a-uuid", new { username = "x" });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task DeletingSomeoneElsesAccountIsForbidden()
    {
        var owner = await TestUser.SignUpAsync(server);
        var intruder = await TestUser.SignUpAsync(server);

        var response = await intruder.Client.DeleteAsync($"/api/v1/user/delete/{owner.Id}");

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await owner.Client.GetAsync("/api/v1/auth/me")).AssertOkJsonAsync();
    }

    [Fact]
    public async Task DeletingYourAccountRemovesItAndEndsTheSession()
    {
        var user = await TestUser.SignUpAsync(server);

        var response = await user.Client.DeleteAsync($"/api/v1/user/delete/{user.Id}");

        await response.AssertOkJsonAsync();
        await (await user.Client.GetAsync("/api/v1/auth/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var login = await server.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = user.Password, method = "email" });
        await login.AssertProblemAsync(HttpStatusCode.Unauthorized);
        var refresh = await server.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refresh_token = user.RefreshToken });
        await refresh.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}

public sealed class UsersTestsOnSqlite(SqliteServer server) : UsersTests(server), IClassFixture<SqliteServer>;

public sealed class UsersTestsOnPostgres(PostgresServer server) : UsersTests(server), IClassFixture<PostgresServer>;

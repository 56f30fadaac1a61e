using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using KissChat.Auth.Data;
using KissChat.Kernel.Database;
using KissChat.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace KissChat.Tests.Auth;

public abstract class AuthTests(KissChatServer server)
{
    [Fact]
    public async Task SigningUpReturnsTheSeedShapeAndSetsHttpOnlyStrictCookies()
    {
        var client = server.CreateClient();
        var email = $"Mixed.Case-{Guid.NewGuid():N}@Example.com";

        var response = await client.PostAsJsonAsync("/api/v1/auth/signup", new { email, password = "securepassword", method = "email" });

        var body = await response.AssertOkJsonAsync(HttpStatusCode.Created);
        var data = body.GetProperty("data");
        Assert.Equal(email.ToLowerInvariant(), data.GetProperty("user").GetProperty("email").GetString());
        Assert.NotEqual(Guid.Empty, data.GetProperty("user").GetProperty("id").GetGuid());
        Assert.StartsWith("eyJ", data.GetProperty("session").GetProperty("access_token").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(data.GetProperty("session").GetProperty("refresh_token").GetString()));
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.Contains(cookies, c => c.StartsWith("access_token=", StringComparison.Ordinal) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase) && c.Contains("samesite=strict", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(cookies, c => c.StartsWith("refresh_token=", StringComparison.Ordinal) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(cookies, c => c.Contains("secure;", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task SigningUpCreatesTheProfileAndPremiumRowsWithTheSeedDefaults()
    {
        var user = await TestUser.SignUpAsync(server, $"jane.doe-{Guid.NewGuid():N}@example.com");

        var me = (await (await user.Client.GetAsync("/api/v1/auth/me")).AssertOkJsonAsync()).GetProperty("data");

        Assert.Equal(user.Id, me.GetProperty("user_id").GetGuid());
        Assert.Equal(user.Email.Split('@')[0], me.GetProperty("username").GetString());
        Assert.False(string.IsNullOrEmpty(me.GetProperty("avatar_url").GetString()));
        Assert.False(me.GetProperty("premium").GetProperty("is_premium").GetBoolean());
        Assert.Equal(2, me.GetProperty("premium").GetProperty("image_credits").GetInt32());
        Assert.Equal(50, me.GetProperty("premium").GetProperty("kiss_coins").GetInt32());
    }

    [Fact]
    public async Task SigningUpTwiceWithTheSameEmailInAnyCaseIsAConflict()
    {
        var user = await TestUser.SignUpAsync(server);

        var response = await server.CreateClient().PostAsJsonAsync("/api/v1/auth/signup", new { email = user.Email.ToUpperInvariant(), password = "another password", method = "email" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("already exists", problem.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConcurrentSignupsForOneEmailCreateExactlyOneAccount()
    {
        var email = $"race-{Guid.NewGuid():N}@example.com";
        var attempts = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            server.CreateClient().PostAsJsonAsync("/api/v1/auth/signup", new { email, password = "securepassword", method = "email" })));

        Assert.Equal(1, attempts.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(attempts.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        var login = await server.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email, password = "securepassword", method = "email" });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }

    [Fact]
    public async Task LoggingInReturnsANewSessionAndRecordsTheLogin()
    {
        var user = await TestUser.SignUpAsync(server);
        var before = (await (await user.Client.GetAsync("/api/v1/auth/me")).AssertOkJsonAsync()).GetProperty("data").GetProperty("last_login").GetDateTime();
        await Task.Delay(50);
        var browser = server.CreateClient();

        var response = await browser.PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email.ToUpperInvariant(), password = user.Password, method = "email" });

        var data = (await response.AssertOkJsonAsync()).GetProperty("data");
        Assert.Equal(user.Id, data.GetProperty("user").GetProperty("id").GetGuid());
        Assert.NotEqual(user.RefreshToken, data.GetProperty("session").GetProperty("refresh_token").GetString());
        var after = (await (await browser.GetAsync("/api/v1/auth/me")).AssertOkJsonAsync()).GetProperty("data").GetProperty("last_login").GetDateTime();
        Assert.True(after > before, $"last_login {after:O} should be after {before:O}");
    }

    [Theory]
    [InlineData("wrong password")]
    [InlineData(null)]
    public async Task LoggingInWithWrongCredentialsIsUnauthorized(string? password)
    {
        var user = await TestUser.SignUpAsync(server);
        var email = password is null ? $"nobody-{Guid.NewGuid():N}@example.com" : user.Email;

        var response = await server.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email, password = password ?? "whatever password", method = "email" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Invalid email or password.", problem.GetProperty("error").GetString());
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task InvalidCredentialsNameEveryBadField()
    {
        var response = await server.CreateClient().PostAsJsonAsync("/api/v1/auth/signup", new { email = "not-an-email", password = "short", method = "fax" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("email", out _));
        Assert.True(errors.TryGetProperty("password", out _));
        Assert.True(errors.TryGetProperty("method", out _));
    }

    /// <summary>PostgreSQL refuses NUL in text: such an email is the client's mistake, not the database's.</summary>
    [Theory]
    [InlineData("signup")]
    [InlineData("login")]
    public async Task AnEmailWithAControlCharacterIsAFieldError(string endpoint)
    {
        var response = await server.CreateClient().PostAsJsonAsync($"/api/v1/auth/{endpoint}", new { email = "x\u0000@example.com", password = "correct horse", method = "email" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("email", out _), problem.ToString());
    }

    [Theory]
    [InlineData("login", "google")]
    [InlineData("signup", "discord")]
    public async Task OAuthMethodsOfUnconfiguredProvidersAnswerNotImplementedWithAClearMessage(string endpoint, string method)
    {
        var response = await server.CreateClient().PostAsJsonAsync($"/api/v1/auth/{endpoint}", new { method });

        var problem = await response.AssertProblemAsync(HttpStatusCode.NotImplemented);
        Assert.Contains($"{method} is not configured", problem.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task TheCallbackOfAnUnconfiguredProviderLandsOnTheFrontendWithAnError()
    {
        var response = await server.CreateClient().GetAsync("/api/v1/auth/callback/google?code=abc&state=xyz");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("http://frontend.test?auth_error=provider_unavailable", response.Headers.Location?.OriginalString);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Theory]
    [InlineData("{\"email\": ")]
    [InlineData("{\"email\": 42, \"password\": \"securepassword\"}")]
    [InlineData("{\"email\": \"a@b.co\", \"password\": [1]}")]
    [InlineData("[]")]
    [InlineData("")]
    public async Task MalformedBodiesAreBadRequestsNeverServerErrors(string json)
    {
        var response = await server.CreateClient().PostAsync("/api/v1/auth/signup", new StringContent(json, Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AWrongFieldTypeIsNamedInTheProblem()
    {
        var response = await server.CreateClient().PostAsync("/api/v1/auth/login", new StringContent("{\"email\": 42, \"password\": \"x\"}", Encoding.UTF8, "application/json"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("email", out _));
    }

    [Fact]
    public async Task OversizedBodiesArePayloadTooLarge()
    {
        var huge = new string('a', 2 * 1024 * 1024);

        // Announcing the body and its length lets the server refuse it before it is sent; otherwise the refusal races
        // the upload and the client may only see the connection close. (JsonContent has no length: it is sent chunked,
        // and Kestrel asks for a chunked body before it can know it is too large.)
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/signup")
        {
            Content = new StringContent(
                JsonSerializer.Serialize(new { email = "big@example.com", password = huge, method = "email" }),
                Encoding.UTF8,
                "application/json"),
        };
        request.Headers.ExpectContinue = true;

        var response = await server.CreateClient().SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task BearerTokensAuthenticateWithoutCookies()
    {
        var user = await TestUser.SignUpAsync(server);
        var cookieless = new HttpClient { BaseAddress = server.BaseAddress };
        cookieless.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);

        var me = await (await cookieless.GetAsync("/api/v1/auth/me")).AssertOkJsonAsync();

        Assert.Equal(user.Id, me.GetProperty("data").GetProperty("user_id").GetGuid());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-jwt")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl")]
    public async Task RequestsWithoutAValidTokenAreUnauthorized(string? token)
    {
        var client = new HttpClient { BaseAddress = server.BaseAddress };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var response = await client.GetAsync("/api/v1/auth/me");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AnExpiredAccessTokenWithAValidRefreshCookieIsRenewedSilently()
    {
        var user = await TestUser.SignUpAsync(server);

        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/me");
        request.Headers.Add("Cookie", $"access_token={ExpiredTokenFor(user.Id)}; refresh_token={user.RefreshToken}");
        var response = await new HttpClient { BaseAddress = server.BaseAddress }.SendAsync(request);

        var me = await response.AssertOkJsonAsync();
        Assert.Equal(user.Id, me.GetProperty("data").GetProperty("user_id").GetGuid());
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        var renewed = cookies.Single(c => c.StartsWith("refresh_token=", StringComparison.Ordinal)).Split(';')[0]["refresh_token=".Length..];
        Assert.NotEqual(user.RefreshToken, renewed);
        Assert.Contains(cookies, c => c.StartsWith("access_token=eyJ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnExpiredAccessTokenWithoutARefreshCookieIsUnauthorized()
    {
        var user = await TestUser.SignUpAsync(server);
        var client = new HttpClient { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ExpiredTokenFor(user.Id));

        var response = await client.GetAsync("/api/v1/auth/me");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task RefreshRotatesTheTokenAndTheOldOneStopsWorking()
    {
        var user = await TestUser.SignUpAsync(server);
        var anonymous = new HttpClient { BaseAddress = server.BaseAddress };

        var first = await (await anonymous.PostAsJsonAsync("/api/v1/auth/refresh", new { refresh_token = user.RefreshToken })).AssertOkJsonAsync();
        var rotated = first.GetProperty("data").GetProperty("session").GetProperty("refresh_token").GetString()!;
        Assert.NotEqual(user.RefreshToken, rotated);

        var reused = await anonymous.PostAsJsonAsync("/api/v1/auth/refresh", new { refresh_token = user.RefreshToken });
        await reused.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ReusingARotatedRefreshTokenRevokesTheWholeFamily()
    {
        var user = await TestUser.SignUpAsync(server);
        var anonymous = new HttpClient { BaseAddress = server.BaseAddress };
        var legitimate = (await (await anonymous.PostAsJsonAsync("/api/v1/auth/refresh", new { refresh_token = user.RefreshToken })).AssertOkJsonAsync())
            .GetProperty("data").GetProperty("session").GetProperty("refresh_token").GetString()!;

        // An attacker replays the stolen token, rotated longer ago than two tabs racing on it could explain...
        await server.Services.GetRequiredService<IServiceScopeFactory>().WithDatabaseAsync(db => db.Set<RefreshToken>()
            .Where(t => t.UserId == user.Id && t.RotatedAt != null)
            .ExecuteUpdateAsync(t => t.SetProperty(r => r.RotatedAt, r => r.RotatedAt!.Value.AddMinutes(-1))));
        await (await anonymous.PostAsJsonAsync("/api/v1/auth/refresh", new { refresh_token = user.RefreshToken })).AssertProblemAsync(HttpStatusCode.Unauthorized);

        // ...so the newest token of that family is dead too, while other sessions live on.
        await (await anonymous.PostAsJsonAsync("/api/v1/auth/refresh", new { refresh_token = legitimate })).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var otherSession = await server.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = user.Password, method = "email" });
        var other = (await otherSession.AssertOkJsonAsync()).GetProperty("data").GetProperty("session").GetProperty("refresh_token").GetString()!;
        await (await anonymous.PostAsJsonAsync("/api/v1/auth/refresh", new { refresh_token = other })).AssertOkJsonAsync();
    }

    /// <summary>
    /// Two tabs refresh at once with the same cookie: the one that loses the race is refused, without ending the session
    /// the other renewed or clearing the cookies it set.
    /// </summary>
    [Fact]
    public async Task ARefreshThatLosesARaceToAnotherTabEndsNothing()
    {
        var user = await TestUser.SignUpAsync(server);
        var anonymous = new HttpClient { BaseAddress = server.BaseAddress };
        var winner = (await (await anonymous.PostAsJsonAsync("/api/v1/auth/refresh", new { refresh_token = user.RefreshToken })).AssertOkJsonAsync())
            .GetProperty("data").GetProperty("session").GetProperty("refresh_token").GetString()!;

        var loser = await anonymous.PostAsJsonAsync("/api/v1/auth/refresh", new { refresh_token = user.RefreshToken });

        await loser.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.False(loser.Headers.Contains("Set-Cookie"));
        await (await anonymous.PostAsJsonAsync("/api/v1/auth/refresh", new { refresh_token = winner })).AssertOkJsonAsync();
    }

    [Fact]
    public async Task RefreshReadsTheCookieWhenThereIsNoBody()
    {
        var user = await TestUser.SignUpAsync(server);

        var response = await user.Client.PostAsync("/api/v1/auth/refresh", null);

        var data = (await response.AssertOkJsonAsync()).GetProperty("data");
        Assert.Equal(user.Email, data.GetProperty("user").GetProperty("email").GetString());
        await (await user.Client.GetAsync("/api/v1/auth/me")).AssertOkJsonAsync();
    }

    [Fact]
    public async Task LoggingOutRevokesTheRefreshTokenAndClearsTheCookies()
    {
        var user = await TestUser.SignUpAsync(server);

        var response = await user.Client.PostAsync("/api/v1/auth/logout", null);

        await response.AssertOkJsonAsync();
        var cleared = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.Contains(cleared, c => c.StartsWith("access_token=;", StringComparison.Ordinal) && c.Contains("expires=Thu, 01 Jan 1970", StringComparison.Ordinal));
        Assert.Contains(cleared, c => c.StartsWith("refresh_token=;", StringComparison.Ordinal));
        await (await user.Client.GetAsync("/api/v1/auth/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var refresh = await new HttpClient { BaseAddress = server.BaseAddress }.PostAsJsonAsync("/api/v1/auth/refresh", new { refresh_token = user.RefreshToken });
        await refresh.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    private static string ExpiredTokenFor(Guid userId)
    {
        var past = DateTime.UtcNow.AddHours(-2);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity([new Claim("sub", userId.ToString())]),
            Issuer = "kisschat",
            Audience = "kisschat",
            IssuedAt = past,
            NotBefore = past,
            Expires = past.AddHours(1),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(KissChatServer.JwtSecret)), SecurityAlgorithms.HmacSha256),
        });
    }
}

public sealed class AuthTestsOnSqlite(SqliteServer server) : AuthTests(server), IClassFixture<SqliteServer>
{
    /// <summary>
    /// A sign-up writes in the process's turn, as every writer does on SQLite: outside it, its transaction took the file's
    /// write lock at BEGIN and held it through the password's hash, and the other writers slept in SQLite's busy loop.
    /// </summary>
    [Fact]
    public async Task SigningUpWritesInTheProcesssWriteTurn()
    {
        await TestUser.SignUpAsync(server);
        var email = $"turn-{Guid.NewGuid():N}@example.com";
        Task<HttpResponseMessage> signingUp;
        using (await server.Services.GetRequiredService<WriteGate>().EnterAsync(CancellationToken.None))
        {
            signingUp = server.CreateClient().PostAsJsonAsync("/api/v1/auth/signup", new { email, password = "securepassword", method = "email" });
            await Task.Delay(2000);
            Assert.False(signingUp.IsCompleted);
            Assert.Equal(0L, await CountAccountsAsync(email));
        }

        await (await signingUp).AssertOkJsonAsync(HttpStatusCode.Created);
        var login = await server.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email, password = "securepassword", method = "email" });
        await login.AssertOkJsonAsync();
        Assert.Equal(1L, await CountAccountsAsync(email));
    }

    /// <summary>Read beside the server, as another process would: readers of a SQLite file wait for no writer.</summary>
    private async Task<long> CountAccountsAsync(string email)
    {
        await using var connection = new SqliteConnection(server.Services.GetRequiredService<DatabaseSettings>().ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM users WHERE email = $email";
        command.Parameters.AddWithValue("$email", email);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

public sealed class AuthTestsOnPostgres(PostgresServer server) : AuthTests(server), IClassFixture<PostgresServer>;

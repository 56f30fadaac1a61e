using System.Diagnostics;
using System.Net;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Auth;

public sealed class SessionEndAcrossInstancesTests(TwoInstances instances) : IClassFixture<TwoInstances>
{
    [Fact]
    public async Task AnotherInstanceRefusesTheAccessTokenOfALoggedOutSessionWithinItsCheckInterval()
    {
        var user = await TestUser.SignUpAsync(instances.First);
        var onFirst = SessionEndTests.Bearer(instances.First, user.AccessToken);
        var onSecond = SessionEndTests.Bearer(instances.Second, user.AccessToken);
        await (await onSecond.GetAsync("/api/v1/auth/me")).AssertOkJsonAsync();

        await (await user.Client.PostAsync("/api/v1/auth/logout", null)).AssertOkJsonAsync();
        var loggedOut = Stopwatch.StartNew();

        await (await onFirst.GetAsync("/api/v1/auth/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        HttpStatusCode status;
        do
        {
            await Task.Delay(100);
            status = (await onSecond.GetAsync("/api/v1/auth/me")).StatusCode;
        }
        while (status == HttpStatusCode.OK && loggedOut.Elapsed < TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        // A one-second check interval, and room for a busy machine.
        Assert.InRange(loggedOut.Elapsed.TotalSeconds, 0, 3);
    }
}

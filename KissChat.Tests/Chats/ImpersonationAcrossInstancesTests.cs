using System.Diagnostics;
using System.Net.Http.Json;
using KissChat.Tests.Auth;
using KissChat.Tests.Fakes;
using KissChat.Tests.Infrastructure;
using Xunit.Abstractions;

namespace KissChat.Tests.Chats;

/// <summary>
/// An impersonation runs in its request, on the instance the balancer sent it to, and is stored nowhere: an account closed
/// through another instance stops it as that instance's session check finds out (within two seconds here).
/// </summary>
public sealed class ImpersonationAcrossInstancesTests(TwoInstances instances, ITestOutputHelper output) : IClassFixture<TwoInstances>
{
    [Theory]
    [InlineData("ban")]
    [InlineData("delete")]
    public async Task AnAccountBannedOrDeletedOnOneInstanceStopsAnImpersonationTheOtherIsWriting(string closing)
    {
        var admin = await TestUser.AdministratorAsync(instances.First);
        var user = await TestUser.SignUpAsync(instances.First);
        var onSecond = user with { Client = SessionEndTests.Bearer(instances.Second, user.AccessToken) };
        var chatId = await ChatScenario.NewChatAsync(user);
        // A model that keeps writing, for fifteen seconds: only the ban can end the impersonation before then.
        instances.Second.ModelServer.Enqueue(ModelScript.Stream(Enumerable.Repeat("and ", 60), TimeSpan.FromMilliseconds(250)));
        using var response = await Sse.OpenAsync(onSecond.Client, HttpMethod.Post, $"/api/v1/chat/{chatId}/impersonate");
        var frames = new List<SseFrame>();
        await using var reader = Sse.ReadAsync(response).GetAsyncEnumerator();
        while (frames.LastOrDefault()?.Status != "token" && await reader.MoveNextAsync())
        {
            frames.Add(reader.Current);
        }

        await (closing == "ban"
            ? await admin.Client.PostAsJsonAsync($"/api/v1/admin/users/{user.Id}/ban", new { reason = "abuse" })
            : await user.Client.DeleteAsync($"/api/v1/user/delete/{user.Id}")).AssertOkJsonAsync();
        var closed = Stopwatch.StartNew();
        await Sse.ReadRestAsync(reader, frames, TimeSpan.FromSeconds(20));

        output.WriteLine($"Stopped {closed.Elapsed.TotalSeconds:0.0} s after the {closing}.");
        Assert.Equal("failed", frames[^2].Status);
        Assert.Equal("This account was closed.", frames[^2].Json.GetProperty("error").GetString());
        // A one-second check interval, and room for a busy machine.
        Assert.InRange(closed.Elapsed.TotalSeconds, 0, 5);
    }
}

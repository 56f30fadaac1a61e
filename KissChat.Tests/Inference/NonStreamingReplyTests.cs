using KissChat.Inference;
using KissChat.Inference.Contracts;
using KissChat.Tests.Fakes;

namespace KissChat.Tests.Inference;

public sealed class NonStreamingReplyTests
{
    [Theory]
    [InlineData(JsonReplyShape.OpenAi)]
    [InlineData(JsonReplyShape.Ollama)]
    [InlineData(JsonReplyShape.Plain)]
    internal async Task A_single_json_reply_is_yielded_as_one_piece_of_text(JsonReplyShape shape)
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Enqueue(ModelScript.JsonReply(shape, "The whole reply at once."));
        using var client = ProviderClients.For(server);

        var pieces = await ProviderClients.CollectTextAsync(client);

        Assert.Equal(["The whole reply at once."], pieces);
    }

    [Fact]
    public async Task AJsonReplyWithoutMessageContentIsReportedAsMalformed()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Enqueue(ModelScript.Status(200, "{\"id\": \"x\", \"choices\": []}"));
        using var client = ProviderClients.For(server);

        var failure = await Assert.ThrowsAsync<ModelProviderException>(() => ProviderClients.CollectTextAsync(client));

        Assert.Equal("The model provider sent a reply without readable message content. Try again, or choose another model.", failure.Message);
        Assert.EndsWith("unreadable reply: {\"id\": \"x\", \"choices\": []}", failure.OperatorDetail);
        Assert.False(failure.IsTransient);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task AJsonReplyThatIsNotJsonIsReportedAsMalformed()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Enqueue(ModelScript.Status(200, "<html>gateway says hi</html>"));
        using var client = ProviderClients.For(server);

        var failure = await Assert.ThrowsAsync<ModelProviderException>(() => ProviderClients.CollectTextAsync(client));

        Assert.Equal("The model provider sent a reply without readable message content. Try again, or choose another model.", failure.Message);
        Assert.False(failure.IsTransient);
    }

    [Fact]
    public async Task AJsonErrorInsteadOfAReplyIsReportedClearly()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Enqueue(ModelScript.Status(200, "{\"error\": \"model is loading\"}"));
        using var client = ProviderClients.For(server);

        var failure = await Assert.ThrowsAsync<ModelProviderException>(() => ProviderClients.CollectTextAsync(client));

        Assert.Equal("The model provider reported an error instead of finishing the reply. Try again in a moment.", failure.Message);
        Assert.EndsWith("error without a code: model is loading", failure.OperatorDetail);
    }
}

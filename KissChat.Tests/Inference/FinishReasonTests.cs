using System.Text;
using KissChat.Inference.Contracts;
using KissChat.Inference.OpenAiCompatible;
using KissChat.Tests.Fakes;

namespace KissChat.Tests.Inference;

/// <summary>Finish reasons OpenAI-compatible servers send that OpenAI's SDK has no name for (<see cref="FinishReasons"/>).</summary>
public sealed class FinishReasonTests
{
    [Theory]
    [InlineData("eos_token")]
    [InlineData("end_turn")]
    public async Task AReplyEndingWithAnUnknownFinishReasonIsKeptWhole(string reason)
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Enqueue(ModelScript.StreamThenData(["Once", " upon"], $$"""{"choices":[{"index":0,"delta":{"content":" a time."},"finish_reason":"{{reason}}"}]}"""));
        using var client = ProviderClients.For(server);

        Assert.Equal(["Once", " upon", " a time."], await ProviderClients.CollectTextAsync(client));
    }

    [Fact]
    public async Task OpenRoutersErrorFinishIsTheProvidersErrorWithItsText()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Enqueue(ModelScript.StreamThenData(
            ["Once"],
            """{"error":{"code":"server_error","message":"Provider disconnected unexpectedly"},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]}"""));
        using var client = ProviderClients.For(server);

        var failure = await Assert.ThrowsAsync<ModelProviderException>(() => ProviderClients.CollectTextAsync(client));

        Assert.Equal("The model provider reported an error instead of finishing the reply. Try again in a moment.", failure.Message);
        Assert.EndsWith("Provider disconnected unexpectedly", failure.OperatorDetail);
    }

    [Fact]
    public async Task AnErrorFinishWithoutAnErrorObjectIsStillAnError()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Enqueue(ModelScript.StreamThenData(["Once"], """{"choices":[{"index":0,"delta":{},"finish_reason":"error"}]}"""));
        using var client = ProviderClients.For(server);

        var failure = await Assert.ThrowsAsync<ModelProviderException>(() => ProviderClients.CollectTextAsync(client));

        Assert.Equal(ProviderFailureKind.ReportedError, failure.Kind);
        Assert.Contains("finish_reason \"error\"", failure.OperatorDetail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public void LinesComeThroughWholeHoweverTheBytesArriveAndOnlyAnUnknownReasonIsRewritten(int bytesPerRead)
    {
        const string Events = ": keep-alive\r\n\r\ndata: {\"choices\":[{\"delta\":{\"content\":\"é\"},\"finish_reason\":null}]}\r\n\r\n"
            + "data: {\"choices\":[{\"delta\":{\"content\":\"!\"},\"finish_reason\": \"eos_token\"}]}\n\n"
            + "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\nno line end";

        using var rewritten = new RewrittenEventStream(new Trickle(Encoding.UTF8.GetBytes(Events), bytesPerRead));
        using var reader = new StreamReader(rewritten, Encoding.UTF8);

        Assert.Equal(
            Events.Replace("data: {\"choices\":[{\"delta\":{\"content\":\"!\"},\"finish_reason\": \"eos_token\"}]}", "data: {\"choices\":[{\"delta\":{\"content\":\"!\"},\"finish_reason\":\"stop\"}]}", StringComparison.Ordinal),
            reader.ReadToEnd());
    }

    /// <summary>Hands out at most a few bytes a read, as a slow network does.</summary>
    private sealed class Trickle(byte[] bytes, int bytesPerRead) : MemoryStream(bytes)
    {
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, bytesPerRead)]);

        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, bytesPerRead));
    }
}

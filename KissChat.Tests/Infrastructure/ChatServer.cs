using KissChat.Tests.Fakes;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace KissChat.Tests.Infrastructure;

/// <summary>
/// A KissChat server whose model provider is the scripted fake OpenAI-compatible server, with timeouts
/// shortened so that hangs and cut streams fail within seconds.
/// </summary>
public class ChatServer(TestDatabase database) : KissChatServer(database)
{
    public const string Model = "fake/model-7b";
    public const string OtherAllowedModel = "fake/other-13b";

    public FakeModelServer ModelServer { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        ModelServer = await FakeModelServer.StartAsync(ModelProtocols);
        await base.InitializeAsync();
    }

    /// <summary>What the fake model speaks: HTTP/1.1, as most self-hosted model servers do.</summary>
    protected virtual HttpProtocols ModelProtocols => HttpProtocols.Http1;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await ModelServer.DisposeAsync();
    }

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("AI_PROVIDER", "vastai"),
        new("VASTAI_INSTANCE_IP", "127.0.0.1"),
        new("VASTAI_INSTANCE_PORT", ModelServer.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("VASTAI_OPEN_BUTTON_TOKEN", "vast-token"),
        new("VASTAI_MODEL", Model),
        new("Inference:AllowedModels", OtherAllowedModel),
        new("Inference:FirstTokenTimeoutSeconds", "3"),
        new("Inference:IdleTimeoutSeconds", "3"),
        new("Inference:TotalTimeoutSeconds", "20"),
        new("Inference:ContextBudgetTokens", "2000"),
        new("Jobs:KeepAliveSeconds", "1"),
    ];
}

public sealed class SqliteChatServer() : ChatServer(TestDatabase.Sqlite);

public sealed class PostgresChatServer() : ChatServer(TestDatabase.Postgres);

using KissChat.Auth.OAuth;
using Microsoft.Extensions.Configuration;

namespace KissChat.Tests.Auth;

public sealed class OAuthClientTests
{
    [Fact]
    public void AProviderWithoutAClientIdAndSecretIsNotConfigured()
    {
        Assert.Null(OAuthClient.From(Configuration([]), OAuthProvider.Google));
        Assert.Null(OAuthClient.From(Configuration(new() { ["DISCORD_CLIENT_ID"] = " ", ["DISCORD_CLIENT_SECRET"] = "" }), OAuthProvider.Discord));
    }

    [Fact]
    public void TheSeedsVariablesConfigureAProviderWithItsRealEndpoints()
    {
        var client = OAuthClient.From(Configuration(new() { ["GOOGLE_CLIENT_ID"] = "id", ["GOOGLE_CLIENT_SECRET"] = "secret" }), OAuthProvider.Google);

        Assert.Equal(new OAuthClient(OAuthProvider.Google, "id", "secret", OAuthProvider.Google.AuthorizationEndpoint, OAuthProvider.Google.TokenEndpoint, OAuthProvider.Google.UserInformationEndpoint), client);
    }

    [Fact]
    public void TheOAuthSectionCanConfigureAProviderAndMoveItsEndpoints()
    {
        var client = OAuthClient.From(
            Configuration(new()
            {
                ["OAuth:Discord:ClientId"] = "id",
                ["OAuth:Discord:ClientSecret"] = "secret",
                ["OAuth:Discord:AuthorizationEndpoint"] = "http://127.0.0.1:1/authorize",
                ["OAuth:Discord:TokenEndpoint"] = "http://127.0.0.1:1/token",
                ["OAuth:Discord:UserInformationEndpoint"] = "http://127.0.0.1:1/me",
            }),
            OAuthProvider.Discord);

        Assert.Equal(new OAuthClient(OAuthProvider.Discord, "id", "secret", "http://127.0.0.1:1/authorize", "http://127.0.0.1:1/token", "http://127.0.0.1:1/me"), client);
    }

    [Fact]
    public void AClientIdWithoutItsSecretStopsTheStartup()
    {
        var error = Assert.Throws<KissChat.Kernel.Configuration.ConfigurationProblem>(() => OAuthClient.From(Configuration(new() { ["GOOGLE_CLIENT_ID"] = "id" }), OAuthProvider.Google));

        Assert.Contains("GOOGLE_CLIENT_SECRET", error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}

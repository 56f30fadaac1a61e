using KissChat.Kernel.Configuration;
using KissChat.Kernel.Database;
using Npgsql;

namespace KissChat.Tests.Database;

/// <summary>
/// The <c>DATABASE_URL</c> hosting platforms hand out: its <c>sslmode</c> in libpq's spelling, Npgsql's, or Node's
/// <c>no-verify</c>, is kept; one not understood stops the start rather than connecting without the TLS asked for.
/// </summary>
public sealed class DatabaseUrlTests
{
    [Theory]
    [InlineData("verify-full", SslMode.VerifyFull)]
    [InlineData("verify-ca", SslMode.VerifyCA)]
    [InlineData("VerifyFull", SslMode.VerifyFull)]
    [InlineData("require", SslMode.Require)]
    [InlineData("no-verify", SslMode.Require)]
    [InlineData("disable", SslMode.Disable)]
    public void TheSslModeIsKept(string given, SslMode mode) =>
        Assert.Equal(mode, new NpgsqlConnectionStringBuilder(DatabaseSettingsReader.FromUrl($"postgres://kiss:pw@db.test:5432/kc?sslmode={given}")).SslMode);

    [Theory]
    [InlineData("verify-fulll")]
    [InlineData("allow,prefer")]
    [InlineData("1")]
    public void AnSslModeNotUnderstoodStopsTheStart(string given)
    {
        var problem = Assert.Throws<ConfigurationProblem>(() => DatabaseSettingsReader.FromUrl($"postgres://kiss:pw@db.test/kc?sslmode={given}"));

        Assert.Contains($"sslmode is '{given}'", problem.Message, StringComparison.Ordinal);
    }
}

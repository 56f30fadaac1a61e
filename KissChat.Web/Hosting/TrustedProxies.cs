using System.Net;
using KissChat.Kernel.Configuration;
using Microsoft.AspNetCore.HttpOverrides;

namespace KissChat.Web.Hosting;

/// <summary>
/// Which peers' <c>X-Forwarded-*</c> headers <c>TRUST_PROXY</c> believes: those in <c>TRUSTED_PROXIES</c> (addresses and
/// CIDR networks, comma-separated), reading <c>X-Forwarded-For</c> from the right through at most <c>FORWARD_LIMIT</c>
/// proxies. Without a list every peer is believed, as before the list existed: that is safe only when nothing but the
/// proxy can reach the server, since a client that reaches it directly (a published port) then names its own address
/// and escapes the per-IP limits.
/// </summary>
internal sealed record TrustedProxies(IReadOnlyList<System.Net.IPNetwork> Networks, int ForwardLimit)
{
    public static TrustedProxies From(IConfiguration configuration)
    {
        var proxies = new TrustedProxies(
            [.. (configuration["TRUSTED_PROXIES"] ?? string.Empty)
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(Network)],
            configuration.Int("FORWARD_LIMIT", 1, 1, 100));
        // Past the last hop, believing every peer reads what the client itself wrote into X-Forwarded-For.
        return proxies is { Networks.Count: 0, ForwardLimit: > 1 }
            ? throw new ConfigurationProblem($"FORWARD_LIMIT is {proxies.ForwardLimit} with no TRUSTED_PROXIES: list the proxies it reads through, or every client could name its own address.")
            : proxies;
    }

    public void ApplyTo(ForwardedHeadersOptions forwarded)
    {
        forwarded.ForwardLimit = ForwardLimit;
        // Both lists empty: the middleware believes every peer.
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
        foreach (var network in Networks)
        {
            forwarded.KnownIPNetworks.Add(network);
        }
    }

    private static System.Net.IPNetwork Network(string entry) =>
        System.Net.IPNetwork.TryParse(entry, out var network) ? network
        : IPAddress.TryParse(entry, out var address) ? new System.Net.IPNetwork(address, address.GetAddressBytes().Length * 8)
        : throw new ConfigurationProblem($"TRUSTED_PROXIES has '{entry}': it takes IP addresses and CIDR networks (10.0.0.0/8), comma-separated.");
}

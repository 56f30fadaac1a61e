using System.Diagnostics.Metrics;
using KissChat.Kernel.Telemetry;

namespace KissChat.Users;

/// <summary>
/// Kiss coins taken for replies and given back for failed ones. Counted when the balance changes, inside the caller's
/// transaction: a transaction that rolls back after it (a rare failed save) is still counted.
/// </summary>
internal sealed class CoinMetrics(IMeterFactory meters)
{
    private readonly Counter<long> charged = meters.KissChatMeter().CreateCounter<long>("kisschat.coins.charged", "{coin}", "Kiss coins taken for replies.");
    private readonly Counter<long> refunded = meters.KissChatMeter().CreateCounter<long>("kisschat.coins.refunded", "{coin}", "Kiss coins given back for replies that stored nothing.");

    public void Charged(int amount) => charged.Add(amount);

    public void Refunded(int amount) => refunded.Add(amount);
}

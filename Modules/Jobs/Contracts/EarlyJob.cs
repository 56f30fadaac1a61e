namespace KissChat.Jobs.Contracts;

/// <summary>
/// A job started before the transaction that stores it commits (<see cref="IJobs.EnqueueBeforeCommit"/>). The caller
/// settles it once, after the commit: <see cref="Committed"/>, or <see cref="Abandon"/> if the commit failed or never came.
/// </summary>
public sealed class EarlyJob(Action<bool> settle)
{
    private int settled;

    /// <summary>The job's row is stored: its end may be written.</summary>
    public void Committed() => Settle(true);

    /// <summary>The job's row was never stored: the job is stopped and ends without writing anything.</summary>
    public void Abandon() => Settle(false);

    private void Settle(bool stored)
    {
        if (Interlocked.Exchange(ref settled, 1) == 0)
        {
            settle(stored);
        }
    }
}

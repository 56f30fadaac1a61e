using System.Collections.Concurrent;
using KissChat.Kernel.Http;

namespace KissChat.Kernel.Files;

/// <summary>
/// The places at decoding an untrusted image: two at once on an instance (each may take 128 MB and seconds of a core),
/// and at most one held or waited for by any one user, so that one user's large images cannot keep everyone else's
/// waiting. A user's second image while the first is in hand is a 429 rather than a wait: a client uploads one image at
/// a time, and every waiting request would hold its image (up to 10 MB) in memory.
/// </summary>
public sealed class DecodePlaces(RateLimitRejections rejections)
{
    /// <summary>About as long as the largest image allowed takes to decode.</summary>
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim places = new(2);
    private readonly ConcurrentDictionary<Guid, DecodeTurn> turns = new();
    private int waiting;

    /// <summary>Decodes waiting for one of this instance's places.</summary>
    public int Waiting => Volatile.Read(ref waiting);

    /// <summary>The user's turn at decoding, held until disposed; null while their previous one lasts.</summary>
    public DecodeTurn? TryTurn(Guid userId)
    {
        if (Taken(userId) is { } turn)
        {
            return turn;
        }

        rejections.Count(RateLimits.DecodePlaces);
        return null;
    }

    /// <summary>
    /// The user's turn, waited for while their previous one lasts rather than refused: for a picture of a long piece of
    /// work already under way (the account export's), which a 429 would throw away whole. It is taken before the picture
    /// is read, so a wait holds none.
    /// </summary>
    public async Task<DecodeTurn> TurnAsync(Guid userId, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (Taken(userId) is { } turn)
            {
                return turn;
            }

            if (turns.TryGetValue(userId, out var held))
            {
                await held.Ended.WaitAsync(cancellationToken);
            }
        }
    }

    /// <summary>A new turn of the user's, if no other of theirs lasts.</summary>
    private DecodeTurn? Taken(Guid userId)
    {
        var turn = new DecodeTurn(this, userId);
        return turns.TryAdd(userId, turn) ? turn : null;
    }

    /// <summary>The 429 for a user whose previous image is still being decoded.</summary>
    public static ProblemHttpResult Busy() =>
        Problems.TooManyRequests("Your previous image is still being processed; send the next one when it is done.", RetryAfter);

    internal async Task WaitAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref waiting);
        try
        {
            await places.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref waiting);
        }
    }

    internal void Release(DecodeTurn turn, bool placed)
    {
        if (placed)
        {
            places.Release();
        }

        turns.TryRemove(KeyValuePair.Create(turn.UserId, turn));
    }
}

/// <summary>A user's turn at decoding: first no place, then, once <see cref="WaitForPlaceAsync"/> returns, one of the instance's.</summary>
public sealed class DecodeTurn : IDisposable
{
    private readonly DecodePlaces places;
    private readonly TaskCompletionSource ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool placed;
    private int released;

    internal DecodeTurn(DecodePlaces places, Guid userId)
    {
        this.places = places;
        UserId = userId;
    }

    internal Guid UserId { get; }

    /// <summary>Completes once the turn is over, for <see cref="DecodePlaces.TurnAsync"/> to try again.</summary>
    internal Task Ended => ended.Task;

    /// <summary>Waits for a place to decode in; the turn keeps it until it is disposed.</summary>
    public async Task WaitForPlaceAsync(CancellationToken cancellationToken)
    {
        if (!placed)
        {
            await places.WaitAsync(cancellationToken);
            placed = true;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref released, 1) == 0)
        {
            places.Release(this, placed);
            ended.SetResult();
        }
    }
}

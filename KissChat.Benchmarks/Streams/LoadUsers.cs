using System.Diagnostics;

namespace KissChat.Benchmarks.Streams;

/// <summary>
/// The load's users, made before anything is timed: each signs up in a browser of their own (cookie jar and
/// connections) and creates a character; chats are opened per run, one per stream.
/// </summary>
internal sealed class LoadUsers : IDisposable
{
    // Sign-up hashes a password on purpose slowly; more at once would only queue on two cores.
    private const int SignUpsAtOnce = 4;
    private const int ChatsAtOnce = 16;

    private readonly (BenchmarkUser User, Guid CharacterId)[] users;
    private readonly TextWriter progress;

    private LoadUsers((BenchmarkUser User, Guid CharacterId)[] users, TextWriter progress)
    {
        this.users = users;
        this.progress = progress;
    }

    public int Count => users.Length;

    public static async Task<LoadUsers> SignUpAsync(Uri server, int count, TextWriter progress, CancellationToken cancellationToken)
    {
        progress.WriteLine($"Signing up {count:N0} users, {SignUpsAtOnce} at a time…");
        var clock = Stopwatch.StartNew();
        var users = new (BenchmarkUser, Guid)[count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = SignUpsAtOnce, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var browser = Browsers.Create(server);
                var user = await RetryAsync(() => BenchmarkUser.SignUpAsync(browser, ct), progress, ct);
                users[i] = (user, await RetryAsync(() => user.CreateCharacterAsync(ct), progress, ct));
            });
        progress.WriteLine($"  signed up in {clock.Elapsed.TotalSeconds:F0} s");
        return new LoadUsers(users, progress);
    }

    /// <summary>A new chat for each of <paramref name="streams"/> streams; stream i belongs to user i modulo the user count.</summary>
    public async Task<ChatSeat[]> SeatsAsync(int streams, CancellationToken cancellationToken)
    {
        var seats = new ChatSeat[streams];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, streams),
            new ParallelOptions { MaxDegreeOfParallelism = ChatsAtOnce, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var (user, characterId) = users[i % users.Length];
                seats[i] = new ChatSeat(user.Browser, await RetryAsync(() => user.NewChatAsync(characterId, ct), progress, ct));
            });
        return seats;
    }

    /// <summary>
    /// Set-up is not what is measured, and a server under strain (the one being measured) may fail a request now
    /// and then; a step is tried three times before the run gives up.
    /// </summary>
    private static async Task<T> RetryAsync<T>(Func<Task<T>> step, TextWriter progress, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await step();
            }
            catch (Exception exception) when (attempt < 3 && exception is InvalidOperationException or HttpRequestException && !cancellationToken.IsCancellationRequested)
            {
                progress.WriteLine($"  a set-up request failed, trying again: {exception.Message}");
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }

    public void Dispose()
    {
        foreach (var (user, _) in users)
        {
            user.Dispose();
        }
    }
}

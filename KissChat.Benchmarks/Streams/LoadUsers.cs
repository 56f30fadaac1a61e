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

    private LoadUsers((BenchmarkUser User, Guid CharacterId)[] users) => this.users = users;

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
                var user = await BenchmarkUser.SignUpAsync(Browsers.Create(server), ct);
                users[i] = (user, await user.CreateCharacterAsync(ct));
            });
        progress.WriteLine($"  signed up in {clock.Elapsed.TotalSeconds:F0} s");
        return new LoadUsers(users);
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
                seats[i] = new ChatSeat(user.Browser, await user.NewChatAsync(characterId, ct));
            });
        return seats;
    }

    public void Dispose()
    {
        foreach (var (user, _) in users)
        {
            user.Dispose();
        }
    }
}

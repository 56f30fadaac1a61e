using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using KissChat.Kernel.Database;
using KissChat.Tests.Fakes;
using KissChat.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace KissChat.Tests.Chats;

/// <summary>
/// A reply to a sent message has its prompt read while the message and the job are stored: it must be the prompt the
/// stored chat gives, and a change that lands meanwhile must not be left out of it.
/// </summary>
public abstract class ReadAheadPromptTests(ChatServer server)
{
    private FakeModelServer Model => server.ModelServer;

    [Fact]
    public async Task AReplyToASentMessageSendsThePromptOfTheChatWithTheMessageStored()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var book = await (await user.Client.PostAsJsonAsync("/api/v1/lorebook/create", new
        {
            name = "Coast",
            entries = new object[] { new { id = 1, keys = Array.Empty<string>(), content = "The sea is cold.", constant = true } },
        })).AssertOkJsonAsync(HttpStatusCode.Created);
        await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new
        {
            author_note = new { text = "Keep it short.", depth = 2 },
            lorebook_ids = new[] { book.GetProperty("data").GetProperty("id").GetGuid() },
        })).AssertOkJsonAsync();
        // Long enough that the oldest turns no longer fit the budget of 2,000 tokens.
        var filler = string.Join(' ', Enumerable.Repeat("the tide comes in", 120));
        for (var turn = 1; turn <= 4; turn++)
        {
            await ChatScenario.SendAndReadAsync(user, chatId, $"turn {turn} {filler}");
        }

        using var outcomes = new ReadAheadOutcomes(server);
        await ChatScenario.SendAndReadAsync(user, chatId, "And now?");
        var sent = Model.Requests[^1];
        Assert.Equal(1, outcomes.Of("used"));
        // A regeneration builds its prompt from the stored chat, up to the same message.
        await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Post, $"/api/v1/chat/{chatId}/regenerate"));
        var fromStored = Model.Requests[^1];

        Assert.Contains(new RecordedMessage("user", "And now?"), sent.Messages);
        Assert.Contains(new RecordedMessage("system", "Keep it short."), sent.Messages);
        Assert.Contains("The sea is cold.", sent.Messages[0].Content, StringComparison.Ordinal);
        Assert.DoesNotContain(sent.Messages, m => m.Content.StartsWith("turn 1 ", StringComparison.Ordinal));
        Assert.Equal(fromStored.Messages, sent.Messages);
    }

    [Fact]
    public async Task AChangeCommittedWhileAReplyStartsIsInItsPrompt()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        await ChatScenario.SendAndReadAsync(user, chatId, "first words");

        // The change holds what the reply's start waits for (the chat's lock, or the database's write lock) until it
        // commits, so the start reads the chat before it and stores its message after it.
        await using var change = await ChangeAsync(chatId);
        using var outcomes = new ReadAheadOutcomes(server);
        var sending = ChatScenario.SendAndReadAsync(user, chatId, "second words");
        await WaitForTheStartToWaitAsync(change.Connection);
        await change.CommitAsync();
        await sending;
        Assert.Equal((1, 0), (outcomes.Of("changed"), outcomes.Of("used")));

        var users = Model.Requests[^1].Messages.Where(m => m.Role == "user").Select(m => m.Content);
        Assert.Equal(["edited words", "second words"], users);
    }

    /// <summary>
    /// A reply's start tells a chat changed since its read by the chat's time (above): a change of what shapes the prompt
    /// moves it, one of a favourite or a folder leaves the chat where it is in the list.
    /// </summary>
    [Fact]
    public async Task AChangeOfWhatShapesThePromptMovesTheChatsTimeAndAFavouriteDoesNot()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        // Read back as stored (PostgreSQL keeps microseconds).
        async Task<DateTime> PatchAsync(object change)
        {
            await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", change)).AssertOkJsonAsync();
            return (await (await user.Client.GetAsync($"/api/v1/chat/{chatId}")).AssertOkJsonAsync()).GetProperty("data").GetProperty("updated_at").GetDateTime();
        }

        var first = await PatchAsync(new { is_favorite = true, folder = "Stories" });
        var noted = await PatchAsync(new { author_note = new { text = "Keep it short.", depth = 2 } });
        var tuned = await PatchAsync(new { settings = new { temperature = 0.5 } });
        var unfavoured = await PatchAsync(new { is_favorite = false });

        Assert.True(first < noted && noted < tuned, $"{first:O} {noted:O} {tuned:O}");
        Assert.Equal(tuned, unfavoured);
    }

    /// <summary>An edit of the chat's first user message, as another instance would write it, not committed yet.</summary>
    private async Task<UncommittedChange> ChangeAsync(Guid chatId)
    {
        var settings = server.Services.GetRequiredService<DatabaseSettings>();
        DbConnection connection = settings.Provider == DatabaseProvider.Postgres ? new NpgsqlConnection(settings.ConnectionString) : new SqliteConnection(settings.ConnectionString);
        await connection.OpenAsync();
        if (connection is SqliteConnection)
        {
            // Taken at once, as the server's writers take it.
            await ExecuteAsync(connection, null, "BEGIN IMMEDIATE");
        }

        var transaction = connection is SqliteConnection ? null : await connection.BeginTransactionAsync();
        if (transaction is not null)
        {
            await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({BitConverter.ToInt64(chatId.ToByteArray(), 8)})");
        }

        // SQLite holds a GUID as its upper-case text.
        var id = transaction is null ? chatId.ToString().ToUpperInvariant() : chatId.ToString();
        await ExecuteAsync(connection, transaction, $"UPDATE chat_messages SET content = 'edited words' WHERE chat_id = '{id}' AND content = 'first words'");
        await ExecuteAsync(connection, transaction, $"UPDATE chats SET updated_at = @at WHERE id = '{id}'", DateTime.UtcNow.AddSeconds(1));
        return new UncommittedChange(connection, transaction);
    }

    /// <summary>Until the start is blocked behind the change, and its prompt surely read from before it.</summary>
    private static async Task WaitForTheStartToWaitAsync(DbConnection connection)
    {
        if (connection is NpgsqlConnection)
        {
            for (var tries = 0; tries < 100; tries++)
            {
                await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted", (NpgsqlConnection)connection);
                if ((long)(await command.ExecuteScalarAsync())! > 0)
                {
                    break;
                }

                await Task.Delay(50);
            }
        }

        await Task.Delay(500);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, DateTime? at = null)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        if (at is { } value)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "at";
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The read-aheads of this server's replies while it lives, by outcome, from the server's own meter.</summary>
    private sealed class ReadAheadOutcomes : IDisposable
    {
        private readonly MeterListener listener = new();
        private readonly ConcurrentDictionary<string, long> counts = new();

        public ReadAheadOutcomes(ChatServer server)
        {
            var meters = server.Services.GetRequiredService<IMeterFactory>();
            listener.InstrumentPublished = (instrument, listening) =>
            {
                if (instrument.Name == "kisschat.replies.prompts_read_ahead" && instrument.Meter.Scope == meters)
                {
                    listening.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "outcome")
                    {
                        counts.AddOrUpdate((string)tag.Value!, value, (_, sum) => sum + value);
                    }
                }
            });
            listener.Start();
        }

        public long Of(string outcome) => counts.GetValueOrDefault(outcome);

        public void Dispose() => listener.Dispose();
    }

    private sealed class UncommittedChange(DbConnection connection, DbTransaction? transaction) : IAsyncDisposable
    {
        public DbConnection Connection => connection;

        public Task CommitAsync() => transaction?.CommitAsync() ?? ExecuteAsync(connection, null, "COMMIT");

        public async ValueTask DisposeAsync()
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }

            await connection.DisposeAsync();
        }
    }
}

public sealed class ReadAheadPromptTestsOnSqlite(SqliteChatServer server) : ReadAheadPromptTests(server), IClassFixture<SqliteChatServer>;

public sealed class ReadAheadPromptTestsOnPostgres(PostgresChatServer server) : ReadAheadPromptTests(server), IClassFixture<PostgresChatServer>;

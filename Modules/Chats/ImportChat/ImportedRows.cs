using System.Data.Common;
using System.Runtime.CompilerServices;
using KissChat.Chats.Data;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace KissChat.Chats.ImportChat;

/// <summary>
/// An imported chat's messages and swipes, written in the caller's transaction by plain statements rather than as tracked
/// entities: saving a hundred thousand tracked rows took EF a quarter of a minute inside the write transaction, and on
/// SQLite every other writer (every other user's replies) waits for it.
/// </summary>
/// <remarks>
/// SQLite runs in this process, so one prepared <c>INSERT</c> per row is the fastest (a statement of many rows binds its
/// parameters by name, which SQLite looks up one by one: quadratic in their number). PostgreSQL is a round trip away, so
/// there each statement carries many rows, its values going through EF's own type mappings as <see cref="Replies.NewReplyRows"/>'s do.
/// </remarks>
internal static class ImportedRows
{
    private const int RowsPerStatement = 100;

    private const int AnalyzedFrom = 1_000;

    private static readonly Table<ChatMessage> Messages = new(
        "chat_messages",
        ["id", "chat_id", "seq", "role", "content", "swipe_index", "status", "character_id", "hidden", "reasoning", "extra", "other_members", "created_at"],
        m => [m.Id, m.ChatId, m.Seq, m.Role, m.Content, m.SwipeIndex, m.Status, m.CharacterId, m.Hidden, m.Reasoning, m.Extra, m.OtherMembers, m.CreatedAt]);

    private static readonly Table<MessageSwipe> Swipes = new(
        "message_swipes",
        ["message_id", "index", "content", "status", "character_id", "created_at", "reasoning", "swipe_info"],
        s => [s.MessageId, s.Index, s.Content, s.Status, s.CharacterId, s.CreatedAt, s.Reasoning, s.SwipeInfo]);

    public static async Task InsertAsync(
        KissChatDbContext db, DatabaseProvider provider, IReadOnlyList<ChatMessage> messages, IReadOnlyList<MessageSwipe> swipes, CancellationToken cancellationToken)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            await EachPreparedAsync(db, Messages, messages, cancellationToken);
            await EachPreparedAsync(db, Swipes, swipes, cancellationToken);
        }
        else
        {
            await ManyAtOnceAsync(db, Messages, messages, cancellationToken);
            await ManyAtOnceAsync(db, Swipes, swipes, cancellationToken);
        }
    }

    /// <summary>
    /// PostgreSQL plans from its statistics, which its autovacuum renews about a minute after a bulk write: until then a
    /// database that was small plans a search over every message of a chat just imported (seconds instead of milliseconds).
    /// </summary>
    public static async Task AnalyzeIfManyAsync(KissChatDbContext db, DatabaseProvider provider, int written, CancellationToken cancellationToken)
    {
        if (provider == DatabaseProvider.Postgres && written >= AnalyzedFrom)
        {
            await db.Database.ExecuteSqlRawAsync("""ANALYZE "chat_messages", "message_swipes";""", cancellationToken);
        }
    }

    private static async Task EachPreparedAsync<T>(KissChatDbContext db, Table<T> table, IReadOnlyList<T> rows, CancellationToken cancellationToken)
    {
        await using var insert = db.Database.GetDbConnection().CreateCommand();
        insert.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        insert.CommandText = table.Into + $"({string.Join(", ", table.Columns.Select((_, i) => $"@p{i}"))})";
        var parameters = table.Columns.Select((_, i) =>
        {
            var parameter = insert.CreateParameter();
            parameter.ParameterName = $"@p{i}";
            insert.Parameters.Add(parameter);
            return parameter;
        }).ToArray();
        await insert.PrepareAsync(cancellationToken);
        foreach (var row in rows)
        {
            var values = table.Values(row);
            for (var i = 0; i < values.Length; i++)
            {
                parameters[i].Value = AsSqlite(values[i]);
            }

            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>As EF writes them to SQLite: a GUID as its upper-case text (the driver's own would be a blob).</summary>
    private static object AsSqlite(object? value) => value switch
    {
        null => DBNull.Value,
        Guid id => id.ToString().ToUpperInvariant(),
        _ => value,
    };

    private static async Task ManyAtOnceAsync<T>(KissChatDbContext db, Table<T> table, IReadOnlyList<T> rows, CancellationToken cancellationToken)
    {
        foreach (var chunk in rows.Chunk(RowsPerStatement))
        {
            var tuples = chunk.Select((_, row) => $"({string.Join(", ", table.Columns.Select((_, column) => $"{{{(row * table.Columns.Length) + column}}}"))})");
            await db.Database.ExecuteSqlAsync(FormattableStringFactory.Create(table.Into + string.Join(", ", tuples), [.. chunk.SelectMany(table.Values)]), cancellationToken);
        }
    }

    private sealed record Table<T>(string Name, string[] Columns, Func<T, object?[]> Values)
    {
        public string Into { get; } = $"INSERT INTO \"{Name}\" ({string.Join(", ", Columns.Select(c => $"\"{c}\""))}) VALUES ";
    }
}

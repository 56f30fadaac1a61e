using KissChat.Chats.Data;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats.SearchMessages;

/// <summary>A message's highlighted excerpt, the matches between <see cref="Highlights.Start"/> and <see cref="Highlights.End"/>.</summary>
internal sealed record MarkedSnippet(Guid Id, string Snippet);

/// <summary>
/// Full-text search over messages, one interface over each database's own: SQLite's FTS5 table
/// <c>chat_messages_search</c> and PostgreSQL's GIN index on <c>to_tsvector('simple', content)</c> (migration 0013).
/// Both find the messages holding every word of the query; the user's words are always data, never query syntax.
/// SQLite's index takes new messages in batches (migration 0016): <see cref="CatchUpAsync"/> adds them before a search reads.
/// </summary>
internal sealed class MessageSearch(KissChatDbContext db, DatabaseSettings settings)
{
    private const int SnippetTokens = 24;

    /// <summary>Messages indexed per transaction: a long backlog (an imported chat) never holds the write turn for long.</summary>
    private const int Batch = 1000;

    private static readonly string PostgresHeadline =
        $"StartSel={Highlights.Start}, StopSel={Highlights.End}, MaxWords={SnippetTokens}, MinWords=12";

    /// <summary>
    /// Adds the messages stored since the last catch-up to SQLite's index, a batch per write transaction; PostgreSQL's
    /// index is kept by the database itself. Reading first keeps a search that finds nothing new from taking a write turn.
    /// </summary>
    public async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        if (settings.Provider != DatabaseProvider.Sqlite)
        {
            return;
        }

        while (await NextBatchEndAsync(cancellationToken) > 0)
        {
            await using var write = await db.BeginWriteAsync(cancellationToken);
            // Read again in the turn: a catch-up running beside this one may have indexed the batch already.
            var upTo = await NextBatchEndAsync(cancellationToken);
            if (upTo == 0)
            {
                return;
            }

            await db.Database.ExecuteSqlAsync(
                $"""
                 INSERT INTO "chat_messages_search" ("rowid", "content")
                 SELECT "rowid", "content" FROM "chat_messages"
                 WHERE "rowid" > (SELECT "indexed_rowid" FROM "chat_messages_search_progress") AND "rowid" <= {upTo};
                 UPDATE "chat_messages_search_progress" SET "indexed_rowid" = {upTo};
                 """,
                cancellationToken);
            await write.CommitAsync(cancellationToken);
        }
    }

    /// <summary>The rowid that ends the next batch of messages to index; 0 when every message is indexed.</summary>
    private Task<long> NextBatchEndAsync(CancellationToken cancellationToken) =>
        db.Database.SqlQuery<long>(
            $"""
             SELECT COALESCE(MAX("rowid"), 0) AS "Value" FROM (
                 SELECT "rowid" FROM "chat_messages"
                 WHERE "rowid" > (SELECT "indexed_rowid" FROM "chat_messages_search_progress")
                 ORDER BY "rowid" LIMIT {Batch})
             """).SingleAsync(cancellationToken);

    /// <summary>Every message, anyone's, that holds all the words: callers narrow it to the user's chats.</summary>
    public IQueryable<ChatMessage> Matching(string query) => settings.Provider switch
    {
        DatabaseProvider.Postgres => db.Set<ChatMessage>().FromSql(
            $"SELECT * FROM chat_messages WHERE to_tsvector('simple', content) @@ plainto_tsquery('simple', {query})"),
        _ => db.Set<ChatMessage>().FromSql(
            $"""SELECT * FROM "chat_messages" WHERE "rowid" IN (SELECT "rowid" FROM "chat_messages_search" WHERE "chat_messages_search" MATCH {Fts5(query)})"""),
    };

    public async Task<Dictionary<Guid, string>> SnippetsAsync(string query, IReadOnlyCollection<Guid> messageIds, CancellationToken cancellationToken)
    {
        var snippets = settings.Provider switch
        {
            DatabaseProvider.Postgres => db.Database.SqlQuery<MarkedSnippet>(
                $"""SELECT id AS "Id", ts_headline('simple', content, plainto_tsquery('simple', {query}), {PostgresHeadline}) AS "Snippet" FROM chat_messages"""),
            _ => db.Database.SqlQuery<MarkedSnippet>(
                $"""
                SELECT m."id" AS "Id", snippet("chat_messages_search", 0, {Highlights.Start.ToString()}, {Highlights.End.ToString()}, '…', {SnippetTokens}) AS "Snippet"
                FROM "chat_messages_search" JOIN "chat_messages" m ON m."rowid" = "chat_messages_search"."rowid"
                WHERE "chat_messages_search" MATCH {Fts5(query)}
                """),
        };
        return await snippets.Where(s => messageIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Snippet, cancellationToken);
    }

    /// <summary>
    /// Each whitespace-separated word as an FTS5 string (quotes doubled), so <c>AND</c>, <c>*</c>, <c>NEAR(</c>, column
    /// filters and stray quotes are searched for as text; FTS5 joins the strings with AND.
    /// </summary>
    private static string Fts5(string query) =>
        string.Join(' ', query.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(word => $"\"{word.Replace("\"", "\"\"", StringComparison.Ordinal)}\""));
}

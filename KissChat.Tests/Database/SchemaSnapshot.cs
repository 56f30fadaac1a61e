using System.Data.Common;
using KissChat.Kernel.Database;

namespace KissChat.Tests.Database;

/// <summary>
/// A provider-neutral description of a live schema (columns with type and nullability, keys, indexes,
/// foreign keys) so that a database built by our SQL scripts can be compared with one built from the EF model.
/// </summary>
internal static class SchemaSnapshot
{
    public static async Task<SortedSet<string>> ReadAsync(DbConnection connection, DatabaseProvider provider)
    {
        var facts = new SortedSet<string>(StringComparer.Ordinal);
        var queries = provider == DatabaseProvider.Postgres ? PostgresQueries : SqliteQueries;
        foreach (var query in queries)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = query;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                facts.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
            }
        }

        return facts;
    }

    private static readonly string[] PostgresQueries =
    [
        """
        SELECT 'column', table_name, column_name, data_type, character_maximum_length, is_nullable, column_default
        FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'schema_versions'
        """,
        """
        SELECT 'index', tablename, indexname, indexdef FROM pg_indexes
        WHERE schemaname = 'public' AND tablename <> 'schema_versions' AND indexdef NOT LIKE '%to_tsvector(%'
        """,
        """
        SELECT 'constraint', conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
        WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> 'schema_versions'
        """,
    ];

    // Full-text search is not part of the EF model: SQLite's FTS5 table (with its shadow tables and how far it has
    // indexed) and PostgreSQL's expression index exist only in the scripts (0013, 0016).
    private const string SqliteFullTextTables =
        "WITH FullTextTables AS (SELECT name FROM pragma_table_list WHERE type IN ('virtual', 'shadow') OR name = 'chat_messages_search_progress')";

    private static readonly string[] SqliteQueries =
    [
        $"""
        {SqliteFullTextTables}
        SELECT 'column', m.name, p.name, p.type, p."notnull", p.dflt_value, p.pk
        FROM sqlite_master m JOIN pragma_table_info(m.name) p
        WHERE m.type = 'table' AND m.name NOT IN ('schema_versions', 'sqlite_sequence') AND m.name NOT IN (SELECT name FROM FullTextTables)
        """,
        $"""
        {SqliteFullTextTables}
        SELECT 'index', m.name, il.name, il."unique", group_concat(ii.name, ',')
        FROM sqlite_master m JOIN pragma_index_list(m.name) il JOIN pragma_index_info(il.name) ii
        WHERE m.type = 'table' AND m.name <> 'schema_versions' AND m.name NOT IN (SELECT name FROM FullTextTables)
        GROUP BY m.name, il.name, il."unique"
        """,
        $"""
        {SqliteFullTextTables}
        SELECT 'foreign key', m.name, f."table", f."from", f."to", f.on_delete
        FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f
        WHERE m.type = 'table' AND m.name <> 'schema_versions' AND m.name NOT IN (SELECT name FROM FullTextTables)
        """,
    ];
}

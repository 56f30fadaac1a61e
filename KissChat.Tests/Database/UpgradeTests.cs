using System.Collections.Concurrent;
using System.Data.Common;
using System.Net.Http.Json;
using System.Text.Json;
using KissChat.Kernel.Configuration;
using KissChat.Kernel.Database;
using KissChat.Kernel.Identity;
using KissChat.Tests.Chats;
using KissChat.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KissChat.Tests.Database;

/// <summary>A database with real rows at an older version is upgraded without losing any of them.</summary>
public sealed class UpgradeTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task UpgradingFromVersion6KeepsEveryChatAndMessage(DatabaseProvider provider)
    {
        var (db, settings) = await MigratedBeforeAsync(provider, "0007");
        await using var _ = db;
        var connection = db.Database.GetDbConnection();
        var (user, character, chat) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var now = provider == DatabaseProvider.Postgres ? "now()" : "'2026-11-21 10:00:00'";
        await connection.ExecuteAsync($"""
            {UserRow(provider, user)}
            INSERT INTO characters (id, user_id, name, tags, ai_generated_behavior, created_at, updated_at) VALUES ({Id(provider, character)}, {Id(provider, user)}, 'Mira', '[]', false, {now}, {now});
            INSERT INTO chats (id, user_id, character_id, title, created_at, updated_at) VALUES ({Id(provider, chat)}, {Id(provider, user)}, {Id(provider, character)}, 'Mira', {now}, {now});
            INSERT INTO chat_messages (id, chat_id, seq, role, content, created_at) VALUES ({Id(provider, Guid.NewGuid())}, {Id(provider, chat)}, 1, 'system', 'prompt', {now});
            INSERT INTO chat_messages (id, chat_id, seq, role, content, created_at) VALUES ({Id(provider, Guid.NewGuid())}, {Id(provider, chat)}, 2, 'user', 'hello', {now});
            """);
        await db.Database.CloseConnectionAsync();

        var applied = await new SchemaMigrator(db, settings, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);

        Assert.Contains("0007_chats_outlive_characters", applied);
        await db.Database.OpenConnectionAsync();
        Assert.Equal(1L, await ScalarAsync(connection, "SELECT COUNT(*) FROM chats"));
        Assert.Equal(2L, await ScalarAsync(connection, "SELECT COUNT(*) FROM chat_messages"));
        await connection.ExecuteAsync($"DELETE FROM characters WHERE id = {Id(provider, character)}");
        Assert.Equal(1L, await ScalarAsync(connection, "SELECT COUNT(*) FROM chats WHERE character_id IS NULL"));
        Assert.Equal(2L, await ScalarAsync(connection, "SELECT COUNT(*) FROM chat_messages"));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task UpgradingToTheLibraryMakesUsernamesUniqueAndOpensTheCoinLedger(DatabaseProvider provider)
    {
        var (db, settings) = await MigratedBeforeAsync(provider, "0010");
        await using var _ = db;
        var connection = db.Database.GetDbConnection();
        var (first, second, third) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var (earlier, later) = provider == DatabaseProvider.Postgres
            ? ("'2026-11-20 10:00:00+00'", "'2026-11-21 10:00:00+00'")
            : ("'2026-11-20 10:00:00'", "'2026-11-21 10:00:00'");
        foreach (var (user, name, coins, at) in new[] { (first, "Mira", 50, earlier), (second, "mira", 0, later), (third, "Tom", 7, later) })
        {
            await connection.ExecuteAsync($"""
                {UserRow(provider, user)}
                INSERT INTO profiles (user_id, email, username, avatar_url, status, created_at, last_login) VALUES ({Id(provider, user)}, '{name}@example.com', '{name}', '/a.svg', 'online', {at}, {at});
                INSERT INTO premium (user_id, is_premium, image_credits, kiss_coins) VALUES ({Id(provider, user)}, false, 2, {coins});
                """);
        }

        await db.Database.CloseConnectionAsync();

        var applied = await new SchemaMigrator(db, settings, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);

        Assert.Contains("0010_public_library", applied);
        await db.Database.OpenConnectionAsync();
        Assert.Equal(3L, await ScalarAsync(connection, "SELECT COUNT(DISTINCT normalized_username) FROM profiles"));
        Assert.Equal(1L, await ScalarAsync(connection, $"SELECT COUNT(*) FROM profiles WHERE user_id = {Id(provider, first)} AND username = 'Mira' AND normalized_username = 'mira'"));
        Assert.Equal(1L, await ScalarAsync(connection, $"SELECT COUNT(*) FROM profiles WHERE user_id = {Id(provider, second)} AND username LIKE 'mira-%'"));
        Assert.Equal(2L, await ScalarAsync(connection, "SELECT COUNT(*) FROM coin_ledger WHERE reason = 'opening' AND delta = balance"));
        Assert.Equal(57L, await ScalarAsync(connection, "SELECT SUM(delta) FROM coin_ledger"));
    }

    [Fact]
    public async Task UpgradingToBatchedSearchIndexingKeepsTheMessagesIndexedOnce()
    {
        const DatabaseProvider provider = DatabaseProvider.Sqlite;
        var (db, settings) = await MigratedBeforeAsync(provider, "0016");
        await using var _ = db;
        var connection = db.Database.GetDbConnection();
        var (user, chat) = (Guid.NewGuid(), Guid.NewGuid());
        await connection.ExecuteAsync($"""
            {UserRow(provider, user)}
            INSERT INTO chats (id, user_id, title, created_at, updated_at) VALUES ({Id(provider, chat)}, {Id(provider, user)}, 'Mira', '2026-12-01 10:00:00', '2026-12-01 10:00:00');
            INSERT INTO chat_messages (id, chat_id, seq, role, content, created_at) VALUES ({Id(provider, Guid.NewGuid())}, {Id(provider, chat)}, 1, 'user', 'an old heron', '2026-12-01 10:00:00');
            INSERT INTO chat_messages (id, chat_id, seq, role, content, created_at) VALUES ({Id(provider, Guid.NewGuid())}, {Id(provider, chat)}, 2, 'assistant', 'an old egret', '2026-12-01 10:00:00');
            """);
        await db.Database.CloseConnectionAsync();

        var applied = await new SchemaMigrator(db, settings, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);

        Assert.Contains("0016_search_index_in_batches", applied);
        await db.Database.OpenConnectionAsync();
        Assert.Equal(await ScalarAsync(connection, "SELECT MAX(rowid) FROM chat_messages"), await ScalarAsync(connection, "SELECT indexed_rowid FROM chat_messages_search_progress"));
        await connection.ExecuteAsync("INSERT INTO chat_messages_search (chat_messages_search, rank) VALUES ('integrity-check', 1)");
        await connection.ExecuteAsync("DELETE FROM chat_messages WHERE content = 'an old egret'");
        Assert.Equal(0L, await ScalarAsync(connection, "SELECT COUNT(*) FROM chat_messages_search WHERE chat_messages_search MATCH 'egret'"));
        Assert.Equal(1L, await ScalarAsync(connection, "SELECT COUNT(*) FROM chat_messages_search WHERE chat_messages_search MATCH 'heron'"));
        await connection.ExecuteAsync("INSERT INTO chat_messages_search (chat_messages_search, rank) VALUES ('integrity-check', 1)");
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task UpgradingToPinsOfTheirOwnKeepsEachPinnedCopyAsStored(DatabaseProvider provider)
    {
        var (db, settings) = await MigratedBeforeAsync(provider, "0018");
        await using var _ = db;
        var connection = db.Database.GetDbConnection();
        var (user, pinned, unpinned) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        const string Copy = """{"id":"5f0c3c4e-1d2a-4c1e-9a55-0d4b8f1e2a3b","name":"Mira","book":{"name":"World","entries":[{"keys":["well"],"content":"The well is dry."}]}}""";
        var now = provider == DatabaseProvider.Postgres ? "now()" : "'2026-12-04 10:00:00'";
        await connection.ExecuteAsync($"""
            {UserRow(provider, user)}
            INSERT INTO chats (id, user_id, title, pinned_character, pinned_at, created_at, updated_at) VALUES ({Id(provider, pinned)}, {Id(provider, user)}, 'Pinned', '{Copy}', {now}, {now}, {now});
            INSERT INTO chats (id, user_id, title, created_at, updated_at) VALUES ({Id(provider, unpinned)}, {Id(provider, user)}, 'Live', {now}, {now});
            """);
        await db.Database.CloseConnectionAsync();

        var applied = await new SchemaMigrator(db, settings, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);

        Assert.Contains("0018_chat_pins", applied);
        await db.Database.OpenConnectionAsync();
        Assert.Equal(1L, await ScalarAsync(connection, "SELECT COUNT(*) FROM chat_pins"));
        // As stored, but for the mark a later script (0027) gives the copy of a character that is gone.
        var asStored = provider == DatabaseProvider.Postgres ? $"(card::jsonb - 'definition_hidden') = '{Copy}'::jsonb" : $"json_remove(card, '$.definition_hidden') = json('{Copy}')";
        Assert.Equal(1L, await ScalarAsync(connection, $"SELECT COUNT(*) FROM chat_pins WHERE chat_id = {Id(provider, pinned)} AND {asStored}"));
        Assert.Equal(2L, await ScalarAsync(connection, "SELECT COUNT(*) FROM chats"));
        await connection.ExecuteAsync($"DELETE FROM chats WHERE id = {Id(provider, pinned)}");
        Assert.Equal(0L, await ScalarAsync(connection, "SELECT COUNT(*) FROM chat_pins"));
    }

    /// <summary>
    /// Copies kept before a copy said whether its definition is hidden from the chat's user: those of another author's
    /// character that hides it, or of one since deleted, say so; the rest are left as they were.
    /// </summary>
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task UpgradingMarksTheCopiesWhoseDefinitionIsHiddenFromTheirChatsUser(DatabaseProvider provider)
    {
        var (db, settings) = await MigratedBeforeAsync(provider, "0027");
        await using var _ = db;
        var connection = db.Database.GetDbConnection();
        var (author, reader, hidden, open) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var chats = new[] { (Guid.NewGuid(), reader, (Guid?)hidden), (Guid.NewGuid(), reader, open), (Guid.NewGuid(), author, hidden), (Guid.NewGuid(), reader, null) };
        var now = provider == DatabaseProvider.Postgres ? "now()" : "'2026-12-07 10:00:00'";
        string Character(Guid id, string visibility) =>
            $"INSERT INTO characters (id, user_id, name, tags, ai_generated_behavior, definition_visibility, created_at, updated_at) VALUES ({Id(provider, id)}, {Id(provider, author)}, 'Mira', '[]', false, '{visibility}', {now}, {now});";
        await connection.ExecuteAsync($"""
            {UserRow(provider, author)}
            {UserRow(provider, reader)}
            {Character(hidden, "hidden")}
            {Character(open, "public")}
            {string.Concat(chats.Select(c => $"""
                INSERT INTO chats (id, user_id, character_id, title, pinned_at, created_at, updated_at) VALUES ({Id(provider, c.Item1)}, {Id(provider, c.Item2)}, {(c.Item3 is { } character ? Id(provider, character) : "NULL")}, 'Chat', {now}, {now}, {now});
                INSERT INTO chat_pins (chat_id, card) VALUES ({Id(provider, c.Item1)}, '{JsonSerializer.Serialize(new { id = c.Item3 ?? Guid.Empty, name = "Mira" })}');
                """))}
            """);
        await db.Database.CloseConnectionAsync();

        var applied = await new SchemaMigrator(db, settings, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);

        Assert.Contains("0027_pinned_definitions_hidden", applied);
        await db.Database.OpenConnectionAsync();
        var isHidden = provider == DatabaseProvider.Postgres ? "(card::jsonb ->> 'definition_hidden') = 'true'" : "json_extract(card, '$.definition_hidden') = 1";
        foreach (var (chat, expected) in chats.Zip([1L, 0L, 0L, 1L]))
        {
            Assert.Equal(expected, await ScalarAsync(connection, $"SELECT COUNT(*) FROM chat_pins WHERE chat_id = {Id(provider, chat.Item1)} AND {isHidden}"));
        }

        Assert.Equal(4L, await ScalarAsync(connection, "SELECT COUNT(*) FROM chat_pins WHERE card LIKE '%\"name\":%Mira%'"));
    }

    /// <summary>
    /// What version 5 kept (an account that had two wrong passwords, its coins, a character, a chat whose reply came from a
    /// job with its frame log) is all there once a real server's start upgrades the database, across every script that
    /// reshapes it since (swipes, job checkpoints, the rebuilt chats and profiles, the coin ledger, search, pins, the
    /// lockout's window), and works over HTTP: the owner signs in, finds and opens the chat, finds an old message by a word of it, takes a second swipe of the old
    /// reply, gets a reply to a new message, and exports the whole of it.
    /// </summary>
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task AChatKeptAtVersion5WorksOverHttpOnceAServerStartUpgradesIt(DatabaseProvider provider)
    {
        var (db, settings) = await MigratedBeforeAsync(provider, "0006");
        var (user, character, chat, job) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var email = $"old-{user:N}@example.com";
        var hash = new PasswordHasher<AppUser>().HashPassword(new AppUser(), TestUser.DefaultPassword);
        var now = provider == DatabaseProvider.Postgres ? "now()" : "'2026-11-01 10:00:00'";
        string Message(int seq, string role, string content, string jobId = "NULL") =>
            $"INSERT INTO chat_messages (id, chat_id, seq, role, content, job_id, created_at) VALUES ({Id(provider, Guid.NewGuid())}, {Id(provider, chat)}, {seq}, '{role}', '{content}', {jobId}, {now});";
        await db.Database.GetDbConnection().ExecuteAsync($"""
            INSERT INTO users (id, user_name, normalized_user_name, email, normalized_email, email_confirmed, password_hash, security_stamp, concurrency_stamp, phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count)
            VALUES ({Id(provider, user)}, '{email}', '{email.ToUpperInvariant()}', '{email}', '{email.ToUpperInvariant()}', true, '{hash}', '{Guid.NewGuid():N}', '{Guid.NewGuid()}', false, false, true, 2);
            INSERT INTO profiles (user_id, email, username, avatar_url, status, created_at, last_login) VALUES ({Id(provider, user)}, '{email}', 'Old-Timer', '/a.svg', 'online', {now}, {now});
            INSERT INTO premium (user_id, is_premium, image_credits, kiss_coins) VALUES ({Id(provider, user)}, false, 2, 30);
            INSERT INTO characters (id, user_id, name, personality, greeting, tags, ai_generated_behavior, created_at, updated_at) VALUES ({Id(provider, character)}, {Id(provider, user)}, 'Mira', 'cheerful', 'Welcome to the Salty Gull!', '["inn"]', false, {now}, {now});
            INSERT INTO chats (id, user_id, character_id, title, created_at, updated_at) VALUES ({Id(provider, chat)}, {Id(provider, user)}, {Id(provider, character)}, 'At the inn', {now}, {now});
            INSERT INTO jobs (id, user_id, kind, subject_id, status, progress, payload, result, attempts, created_at, started_at, heartbeat_at, finished_at) VALUES ({Id(provider, job)}, {Id(provider, user)}, 'chat.reply', {Id(provider, chat)}, 'completed', 100, '{"{}"}', 'Dry as a bone.', 1, {now}, {now}, {now}, {now});
            INSERT INTO job_events (job_id, seq, type, data, created_at) VALUES ({Id(provider, job)}, 1, 'token', '{"{"}"delta":"Dry as a bone."{"}"}', {now});
            {Message(1, "assistant", "Welcome to the Salty Gull!")}
            {Message(2, "user", "Is the well dry?")}
            {Message(3, "assistant", "Dry as a bone.", Id(provider, job))}
            """);
        await db.DisposeAsync();
        SqliteConnection.ClearAllPools();
        await using var server = new UpgradedServer(provider, settings.ConnectionString);
        await server.InitializeAsync();
        var client = server.CreateClient();

        await (await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = TestUser.DefaultPassword, method = "email" })).AssertOkJsonAsync();
        var owner = new TestUser(user, email, TestUser.DefaultPassword, "", "", client);

        Assert.Equal(30, await owner.KissCoinsAsync());
        var listed = (await (await client.GetAsync("/api/v1/chat/list")).AssertOkJsonAsync()).GetProperty("data").EnumerateArray().Single();
        Assert.Equal((chat, "At the inn"), (listed.GetProperty("id").GetGuid(), listed.GetProperty("title").GetString()));
        await (await client.GetAsync($"/api/v1/chat/{chat}")).AssertOkJsonAsync();
        Assert.Equal(["Welcome to the Salty Gull!", "Is the well dry?", "Dry as a bone."], (await ChatTransferTests.MessagesAsync(owner, chat)).Select(m => m.GetProperty("content").GetString()));
        Assert.Equal(1, (await (await client.GetAsync("/api/v1/chat/search?q=well")).AssertOkJsonAsync()).GetProperty("data").GetArrayLength());
        await Sse.ReadToEndAsync(await Sse.OpenAsync(client, HttpMethod.Post, $"/api/v1/chat/{chat}/regenerate"));
        var swipes = (await ChatTransferTests.MessagesAsync(owner, chat))[2].GetProperty("swipes").EnumerateArray().Select(s => s.GetString());
        Assert.Equal(["Dry as a bone.", "Hello from the fake model."], swipes);
        Assert.Equal("Hello from the fake model.", ChatScenario.Tokens(await ChatScenario.SendAndReadAsync(owner, chat, "And the inn?")));
        var markdown = await (await client.GetAsync($"/api/v1/chat/{chat}/export.md")).Content.ReadAsStringAsync();
        Assert.All(["Welcome to the Salty Gull!", "Is the well dry?", "And the inn?"], line => Assert.Contains(line, markdown, StringComparison.Ordinal));
    }

    /// <summary>
    /// Two servers started at once on one PostgreSQL database at version 5 (a compose file with two replicas, after a pull):
    /// one upgrades it while the other waits on the lock, each script is applied once, and both serve the same accounts.
    /// </summary>
    [Fact]
    public async Task TwoServersStartingTogetherOnAnOldPostgresDatabaseUpgradeItOnceAndBothServe()
    {
        var (db, settings) = await MigratedBeforeAsync(DatabaseProvider.Postgres, "0006");
        await db.DisposeAsync();
        await using var first = new UpgradedServer(DatabaseProvider.Postgres, settings.ConnectionString);
        await using var second = new UpgradedServer(DatabaseProvider.Postgres, settings.ConnectionString);

        await Task.WhenAll(first.InitializeAsync(), second.InitializeAsync());

        var user = await TestUser.SignUpAsync(first);
        await (await second.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = user.Password, method = "email" })).AssertOkJsonAsync();
        await using var check = Context(settings);
        await check.Database.OpenConnectionAsync();
        Assert.Equal(SchemaMigrator.Scripts(DatabaseProvider.Postgres).Count, await ScalarAsync(check.Database.GetDbConnection(), "SELECT COUNT(*) FROM schema_versions"));
    }

    /// <summary>What a migrator logs, as text.</summary>
    private sealed class LogLines : ILogger<SchemaMigrator>
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue(formatter(state, exception));
    }

    /// <summary>A chat server started on a database a test made at an older version, which its start upgrades.</summary>
    private sealed class UpgradedServer(DatabaseProvider provider, string connectionString)
        : ChatServer(provider == DatabaseProvider.Postgres ? TestDatabase.Postgres : TestDatabase.Sqlite), IAsyncDisposable
    {
        public override Task InitializeAsync()
        {
            if (provider == DatabaseProvider.Sqlite)
            {
                File.Copy(new SqliteConnectionStringBuilder(connectionString).DataSource, Path.Combine(DataDirectory, "kisschat.db"));
            }

            return base.InitializeAsync();
        }

        async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

        protected override Task<string> PostgresDatabaseAsync() => Task.FromResult(connectionString);
    }

    /// <summary>
    /// A script the database refuses half-way (here the ledger's table, which someone made by hand, in the way of 0010's last
    /// statement, after its usernames were renamed and its profiles rebuilt) leaves every row and the version as they were,
    /// names itself, and runs whole at the next start once the obstacle is gone.
    /// </summary>
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task AScriptRefusedHalfWayLeavesTheDatabaseAtTheVersionBeforeAndSaysWhich(DatabaseProvider provider)
    {
        var (db, settings) = await MigratedBeforeAsync(provider, "0010");
        await using var _ = db;
        var connection = db.Database.GetDbConnection();
        await connection.ExecuteAsync($"{Profiles(provider, "Mira", "mira")} CREATE TABLE coin_ledger (id integer);");
        await db.Database.CloseConnectionAsync();
        var migrator = new SchemaMigrator(db, settings, NullLogger<SchemaMigrator>.Instance);

        var failure = await Assert.ThrowsAsync<SchemaScriptFailure>(() => migrator.MigrateAsync(CancellationToken.None));

        Assert.StartsWith("schema script 0010_public_library failed, so the upgrade was rolled back and the database stays at version 0009_card_text_columns: ", failure.Message);
        await db.Database.OpenConnectionAsync();
        Assert.Equal(9L, await ScalarAsync(connection, "SELECT COUNT(*) FROM schema_versions"));
        Assert.Equal(2L, await ScalarAsync(connection, "SELECT COUNT(*) FROM profiles WHERE lower(username) = 'mira'"));
        await connection.ExecuteAsync("DROP TABLE coin_ledger");
        await db.Database.CloseConnectionAsync();
        Assert.Equal(SchemaMigrator.Scripts(provider).Count - 9, (await migrator.MigrateAsync(CancellationToken.None)).Count);
    }

    /// <summary>The server started on such a database stops with that one line, not a stack trace.</summary>
    [Fact]
    public async Task AStartOnADatabaseThatRefusesAScriptStopsInOneLineNamingIt()
    {
        var (db, settings) = await MigratedBeforeAsync(DatabaseProvider.Sqlite, "0010");
        await db.Database.GetDbConnection().ExecuteAsync("CREATE TABLE coin_ledger (id integer);");
        await db.DisposeAsync();
        SqliteConnection.ClearAllPools();
        var dataDirectory = Directory.CreateTempSubdirectory("kisschat-test-").FullName;
        try
        {
            File.Copy(new SqliteConnectionStringBuilder(settings.ConnectionString).DataSource, Path.Combine(dataDirectory, "kisschat.db"));

            var (exitCode, output) = await ServerProcess.RunCommandAsync(new Dictionary<string, string> { ["DATA_DIR"] = dataDirectory });

            Assert.Equal(1, exitCode);
            Assert.Contains("KissChat cannot start: schema script 0010_public_library failed, so the upgrade was rolled back and the database stays at version 0009_card_text_columns: ", output, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    /// <summary>
    /// A build older than the database (an image rolled back after an upgrade) stops before it touches anything, saying
    /// what to run, rather than serving a schema it does not know.
    /// </summary>
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task ADatabaseUpgradedByANewerBuildIsRefusedWithWhatToRun(DatabaseProvider provider)
    {
        var (db, settings) = await MigratedBeforeAsync(provider, "9999");
        await using var _ = db;
        var connection = db.Database.GetDbConnection();
        await connection.ExecuteAsync("INSERT INTO schema_versions (version) VALUES ('9000_from_a_newer_build')");
        await db.Database.CloseConnectionAsync();

        var refused = await Assert.ThrowsAsync<ConfigurationProblem>(() => new SchemaMigrator(db, settings, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None));

        Assert.StartsWith($"the database was upgraded by a newer KissChat (its schema has 9000_from_a_newer_build; this build knows up to {SchemaMigrator.Scripts(provider)[^1].Version}): ", refused.Message);
        await db.Database.OpenConnectionAsync();
        Assert.Equal(SchemaMigrator.Scripts(provider).Count + 1L, await ScalarAsync(connection, "SELECT COUNT(*) FROM schema_versions"));
    }

    /// <summary>
    /// A second instance starting on PostgreSQL while another upgrades waits for that upgrade on its lock, for longer than a
    /// command may take (here a second), saying so in its log, and then applies what is left.
    /// </summary>
    [Fact]
    public async Task AStartWaitsForAnotherInstancesUpgradePastTheCommandTimeout()
    {
        var (db, settings) = await MigratedBeforeAsync(DatabaseProvider.Postgres, "0033");
        await db.DisposeAsync();
        var impatient = settings with { ConnectionString = $"{settings.ConnectionString};Command Timeout=1" };
        await using var waiting = Context(impatient);
        // Unpooled and declared after the waiting context, so closed before it: a failed assertion ends the lock, not the run.
        await using var upgrading = new Npgsql.NpgsqlConnection($"{settings.ConnectionString};Pooling=false");
        await upgrading.OpenAsync();
        await upgrading.ExecuteAsync($"SELECT pg_advisory_lock({SchemaMigrator.PostgresLockKey})");

        var log = new LogLines();

        var migration = new SchemaMigrator(waiting, impatient, log).MigrateAsync(CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.False(migration.IsCompleted, migration.Exception?.GetBaseException().Message);
        Assert.Contains("Another KissChat instance holds the schema lock (it may be upgrading the database); waiting for it", log.Lines);
        await upgrading.ExecuteAsync($"SELECT pg_advisory_unlock({SchemaMigrator.PostgresLockKey})");

        Assert.Equal(SchemaMigrator.Scripts(DatabaseProvider.Postgres).Select(s => s.Version).Where(v => string.CompareOrdinal(v, "0033") >= 0), await migration);
    }

    /// <summary>A new database with the scripts before <paramref name="version"/> applied, its connection open.</summary>
    private static async Task<(KissChatDbContext Db, DatabaseSettings Settings)> MigratedBeforeAsync(DatabaseProvider provider, string version)
    {
        var settings = new DatabaseSettings(provider, await NewDatabaseAsync(provider));
        var db = Context(settings);
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        await connection.ExecuteAsync(provider == DatabaseProvider.Postgres
            ? "CREATE TABLE schema_versions (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());"
            : "CREATE TABLE schema_versions (version TEXT PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP);");
        foreach (var (applied, sql) in SchemaMigrator.Scripts(provider).Where(s => string.CompareOrdinal(s.Version, version) < 0))
        {
            await connection.ExecuteAsync(sql);
            await connection.ExecuteAsync($"INSERT INTO schema_versions (version) VALUES ('{applied}')");
        }

        return (db, settings);
    }

    private static KissChatDbContext Context(DatabaseSettings settings)
    {
        var options = new DbContextOptionsBuilder<KissChatDbContext>();
        _ = settings.Provider == DatabaseProvider.Postgres ? options.UseNpgsql(settings.ConnectionString) : options.UseSqlite(settings.ConnectionString);
        return new KissChatDbContext(options.Options);
    }

    /// <summary>The statement that stores a bare account, which every chat and profile needs.</summary>
    private static string UserRow(DatabaseProvider provider, Guid user) =>
        $"INSERT INTO users (id, email_confirmed, phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count) VALUES ({Id(provider, user)}, false, false, false, false, 0);";

    /// <summary>An account with a profile (as scripts 0001–0009 keep them) for each of <paramref name="usernames"/>.</summary>
    private static string Profiles(DatabaseProvider provider, params string[] usernames) => string.Concat(usernames.Select(name =>
    {
        var (user, now) = (Guid.NewGuid(), provider == DatabaseProvider.Postgres ? "now()" : "'2026-11-20 10:00:00'");
        return $"""
            {UserRow(provider, user)}
            INSERT INTO profiles (user_id, email, username, avatar_url, status, created_at, last_login) VALUES ({Id(provider, user)}, '{name}@example.com', '{name}', '/a.svg', 'online', {now}, {now});
            """;
    }));

    /// <summary>How each provider stores a Guid as EF maps it: SQLite as upper-case text, PostgreSQL as uuid.</summary>
    private static string Id(DatabaseProvider provider, Guid id) =>
        provider == DatabaseProvider.Postgres ? $"'{id}'" : $"'{id.ToString().ToUpperInvariant()}'";

    private static async Task<string> NewDatabaseAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            return new SqliteConnectionStringBuilder { DataSource = Path.Combine(Path.GetTempPath(), $"kisschat-upgrade-{Guid.NewGuid():N}.db"), ForeignKeys = true }.ConnectionString;
        }

        var cluster = await PostgresCluster.SharedAsync();
        return cluster.ConnectionString(await cluster.CreateDatabaseAsync());
    }

    private static async Task<long> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

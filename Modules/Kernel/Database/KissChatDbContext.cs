using KissChat.Kernel.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Kernel.Database;

/// <summary>
/// One context for the whole monolith: Identity's account tables span every module, so each module
/// contributes its entity configurations rather than owning a context of its own. The modules and the write gate
/// come in its options (<see cref="KissChatContextOptions"/>), so that the server can pool its contexts.
/// </summary>
public sealed class KissChatDbContext(DbContextOptions<KissChatDbContext> options) : IdentityUserContext<AppUser, Guid>(options)
{
    private readonly KissChatContextOptions own = options.FindExtension<KissChatContextOptions>() ?? new KissChatContextOptions([], WriteGate.Open);

    /// <summary>Which modules shaped this context's model (part of EF's model cache key).</summary>
    internal string ModulesKey => own.ModulesKey;

    public WriteGate WriteGate => own.WriteGate;

    private bool savingAlone;

    /// <summary>Whether this context's current work already holds the process's write turn: in a write transaction, or saving outside one.</summary>
    internal bool HoldsWriteTurn => OpenWrite is not null || savingAlone;

    /// <summary>The write transaction this context's work is in, if any.</summary>
    internal WriteTransaction? OpenWrite { get; set; }

    /// <summary>
    /// Runs <paramref name="statement"/> in the open write transaction just before its commit, together with any other
    /// statement queued so (one round trip on PostgreSQL, where each would be one): for writes whose result nothing
    /// in the transaction reads, such as a new row whose id the caller chose. A failed one fails the commit.
    /// </summary>
    /// <exception cref="InvalidOperationException">No write transaction is open: nothing would ever run it.</exception>
    public void WriteAtCommit(FormattableString statement) =>
        (OpenWrite ?? throw new InvalidOperationException("Only a write transaction's statements can wait for its commit.")).AtCommit(statement);

    /// <summary>Outside a <see cref="WriteTransaction"/>, saving takes the process's write turn for itself.</summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (Database.CurrentTransaction is not null || HoldsWriteTurn || !WriteGate.IsShared)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        int saved;
        using (await WriteGate.EnterAsync(cancellationToken))
        {
            savingAlone = true;
            try
            {
                saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            }
            finally
            {
                savingAlone = false;
            }
        }

        await WriteGate.DurableAsync();
        return saved;
    }

    /// <summary>Begins a transaction that writes; see <see cref="WriteTransaction"/>.</summary>
    public Task<WriteTransaction> BeginWriteAsync(CancellationToken cancellationToken) => WriteTransaction.BeginAsync(this, cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/>'s statements on one pooled connection. EF otherwise hands the connection back to the
    /// pool after every query: five reads in a row were five checkouts, each with the pool's bookkeeping and, where the
    /// connection string keeps Npgsql's reset on close, a reset before its first statement.
    /// </summary>
    public async Task<T> OnOneConnectionAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        await Database.OpenConnectionAsync(cancellationToken);
        try
        {
            return await work();
        }
        finally
        {
            await Database.CloseConnectionAsync();
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<AppUser>().ToTable("users");
        builder.Entity<AppUser>().Property(u => u.BanReason).HasMaxLength(AppUser.BanReasonLength);
        builder.Entity<AppUser>().Property(u => u.AccessFailedBefore).HasDefaultValue(0);
        builder.Entity<IdentityUserClaim<Guid>>().ToTable("user_claims");
        builder.Entity<IdentityUserLogin<Guid>>().ToTable("user_logins");
        builder.Entity<IdentityUserToken<Guid>>().ToTable("user_tokens");

        foreach (var module in own.Modules)
        {
            builder.ApplyConfigurationsFromAssembly(module.Assembly);
        }

        SnakeCaseConvention.Apply(builder);
        UtcDateTimeConvention.Apply(builder);
    }
}

using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace KissChat.Kernel.Database;

/// <summary>
/// A query compiled by <see cref="EF.CompileAsyncQuery{TContext, TParam1, TResult}(System.Linq.Expressions.Expression{Func{TContext, TParam1, CancellationToken, TResult}})"/>
/// for the reads every reply makes: each run then skips turning its LINQ into a cache key and its parameters. Compiled
/// once per model, since a compiled query refuses any model but the first it ran on, and SQLite and PostgreSQL each
/// have theirs (the tests run both in one process).
/// </summary>
public sealed class CompiledQuery<TQuery> where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> compiled = [];
    private readonly ConditionalWeakTable<IModel, TQuery>.CreateValueCallback compile;

    public CompiledQuery(Func<TQuery> compile) => this.compile = _ => compile();

    /// <summary>The query compiled for <paramref name="db"/>'s model.</summary>
    public TQuery For(DbContext db) => compiled.GetValue(db.Model, compile);
}

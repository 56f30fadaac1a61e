using System.Data.Common;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace KissChat.Tests.Database;

/// <summary>How the database would run a query, in the context's open transaction: the indexes it would use are named in it.</summary>
internal static class QueryPlans
{
    public static async Task<string> OfAsync(KissChatDbContext db, DbCommand query)
    {
        query.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        query.CommandText = (db.Database.IsNpgsql() ? "EXPLAIN " : "EXPLAIN QUERY PLAN ") + query.CommandText;
        await using var reader = await query.ExecuteReaderAsync();
        var plan = new List<string>();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(reader.FieldCount - 1));
        }

        return string.Join('\n', plan);
    }
}

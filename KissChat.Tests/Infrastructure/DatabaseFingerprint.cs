using System.Security.Cryptography;
using System.Text;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Tests.Infrastructure;

/// <summary>A hash of every row of every table the model maps: equal fingerprints mean nothing was written.</summary>
public static class DatabaseFingerprint
{
    public static async Task<string> TakeAsync(KissChatServer server)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KissChatDbContext>();
        var tables = db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (var table in tables)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT * FROM \"{table}\"";
                await using var reader = await command.ExecuteReaderAsync();
                var rows = new List<string>();
                while (await reader.ReadAsync())
                {
                    rows.Add(string.Join('\u001f', Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
                }

                rows.Sort(StringComparer.Ordinal);
                hash.AppendData(Encoding.UTF8.GetBytes($"{table}:{string.Join('\u001e', rows)}\n"));
            }

            return Convert.ToHexString(hash.GetHashAndReset());
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}

using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Kernel.Database;

/// <summary>snake_case columns, keys and indexes, so hand-written SQL scripts read naturally on both databases.</summary>
internal static class SnakeCaseConvention
{
    public static void Apply(ModelBuilder builder)
    {
        foreach (var entity in builder.Model.GetEntityTypes())
        {
            var table = entity.GetTableName();
            if (table is null)
            {
                continue;
            }

            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(ToSnake(property.Name));
            }

            foreach (var key in entity.GetKeys())
            {
                key.SetName(key.IsPrimaryKey() ? $"pk_{table}" : $"ak_{table}_{Columns(key.Properties)}");
            }

            foreach (var foreignKey in entity.GetForeignKeys())
            {
                foreignKey.SetConstraintName($"fk_{table}_{Columns(foreignKey.Properties)}");
            }

            foreach (var index in entity.GetIndexes())
            {
                // A named index shares its columns with another (a partial one beside the whole): its name tells them apart.
                index.SetDatabaseName($"ix_{table}_{(index.Name is { } name ? ToSnake(name) : Columns(index.Properties))}");
            }
        }
    }

    public static string ToSnake(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);

    private static string Columns(IEnumerable<Microsoft.EntityFrameworkCore.Metadata.IReadOnlyProperty> properties) =>
        string.Join('_', properties.Select(p => ToSnake(p.Name)));
}

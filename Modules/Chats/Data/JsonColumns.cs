using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace KissChat.Chats.Data;

/// <summary>How the chats' tables store records as JSON: snake_case members, and equal when their JSON is.</summary>
internal static class JsonColumns
{
    public static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static ValueConverter<T?, string?> AsJson<T>()
        where T : class =>
        new(value => value == null ? null : JsonSerializer.Serialize(value, Options), json => json == null ? null : JsonSerializer.Deserialize<T>(json, Options));

    // Records holding lists compare those by reference; their JSON compares by value.
    public static ValueComparer<T?> ByJson<T>()
        where T : class =>
        new(
            (left, right) => JsonSerializer.Serialize(left, Options) == JsonSerializer.Serialize(right, Options),
            value => JsonSerializer.Serialize(value, Options).GetHashCode(StringComparison.Ordinal),
            value => value == null ? null : JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value, Options), Options));
}

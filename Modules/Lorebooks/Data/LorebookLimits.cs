namespace KissChat.Lorebooks.Data;

/// <summary>Shared by the validators (a 400 naming the field) and the EF model (the column sizes).</summary>
internal static class LorebookLimits
{
    public const int Name = 100;

    /// <summary>An account's lorebooks are listed whole, and each may be megabytes: a bound keeps both in reach (as personas have).</summary>
    public const int PerUser = 1000;

    public const int Description = 4000;

    /// <summary>Large SillyTavern world files have a few hundred entries.</summary>
    public const int Entries = 1000;

    public const int Content = 8000;

    public const int Comment = 500;

    public const int Keys = 100;

    public const int KeyLength = 200;

    /// <summary>SillyTavern's extras an entry keeps (a few short members) as JSON text.</summary>
    public const int Extensions = 4000;

    public const int MaxScanDepth = 100;

    public const int MaxDepth = 1000;

    public const int MaxTokenBudget = 1_000_000;

    /// <summary>A world file or card book of a thousand long entries; over the API's usual body limit.</summary>
    public const long ImportBytes = 10 * 1024 * 1024;
}

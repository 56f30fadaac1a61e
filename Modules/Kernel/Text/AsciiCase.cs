namespace KissChat.Kernel.Text;

/// <summary>
/// Lower case for ASCII letters only, as SQLite's <c>lower()</c> folds them: a comparison made here and one made by
/// the database agree on both SQLite and PostgreSQL (which is given the same folding with <c>translate</c>).
/// </summary>
public static class AsciiCase
{
    public static string Fold(string text) =>
        string.Create(text.Length, text, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsAsciiLetterUpper(source[i]) ? (char)(source[i] + ('a' - 'A')) : source[i];
            }
        });
}

using System.Diagnostics.CodeAnalysis;
using KissChat.Kernel.Files;
using KissChat.Lorebooks.Contracts;

namespace KissChat.Lorebooks.Formats;

/// <summary>
/// A lorebook in a picture, as SillyTavern's world-info import reads a <c>.png</c>: NovelAI's lorebook JSON, base64 in the
/// <c>naidata</c> text chunk NovelAI writes, converted as the same JSON sent as a file is (<see cref="ForeignLorebooks"/>).
/// A character card's PNG is not read here: its book comes in with its character.
/// </summary>
internal static class LorebookPng
{
    public const string Keyword = "naidata";

    /// <param name="unnamed">The name of a book that names none itself.</param>
    public static bool TryRead(ReadOnlySpan<byte> png, string unnamed, [NotNullWhen(true)] out LoreBook? book, [NotNullWhen(false)] out string? error)
    {
        book = null;
        if (!PngTextChunks.TryRead(png, out var texts, out error))
        {
            return false;
        }

        if (!texts.TryGetValue(Keyword, out var text))
        {
            error = $"A PNG card's lorebook comes in with its character (character/import); here, send the book's or the card's JSON, or a NovelAI lorebook PNG (with a '{Keyword}' chunk).";
            return false;
        }

        if (!PngTextChunks.TryReadJson(text, Keyword, "lorebook", out var file, out error))
        {
            return false;
        }

        book = ForeignLorebooks.Read(file, unnamed);
        error = book is null ? $"The PNG's '{Keyword}' chunk holds no NovelAI lorebook (nor an Agnai or RisuAI one)." : null;
        return book is not null;
    }
}

using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KissChat.Kernel.Files;

/// <summary>A JSON object from a file another app wrote, or why it is none; and whether JSON a client sent holds whole text.</summary>
public static class JsonFile
{
    // As SillyTavern writes its files: indented, their text unescaped.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public const string BrokenText = "holds text that is not valid UTF-8 or UTF-16";

    /// <summary>How deep objects and arrays may nest: System.Text.Json's default, which the files of SillyTavern and its kin never come near.</summary>
    public const int MaxDepth = 64;

    /// <summary>What <see cref="NestsTooDeeply"/> finds, said of a file or line.</summary>
    public static readonly string TooDeep = $"is nested too deeply (more than {MaxDepth} levels of objects and arrays)";

    /// <summary>What <see cref="HasWholeText(JsonNode?)"/> refuses, said of a field.</summary>
    public const string BrokenJson = "holds text that is not valid UTF-8 or UTF-16, or names a member twice";

    /// <summary>A file for another app (SillyTavern's formats) as its UTF-8 bytes, indented like SillyTavern's own.</summary>
    public static byte[] ToUtf8(JsonNode file) => Encoding.UTF8.GetBytes(file.ToJsonString(Indented));

    /// <param name="notJson">The message when it does not parse, followed by where: "The card is not valid JSON".</param>
    /// <param name="notObject">The message when it parses to something other than an object.</param>
    public static bool TryParse(ReadOnlySpan<byte> json, string notJson, string notObject, [NotNullWhen(true)] out JsonObject? file, [NotNullWhen(false)] out string? error)
    {
        file = null;
        // Editors on Windows like to start .json files with a byte order mark, which the JSON reader refuses.
        if (json.StartsWith(Encoding.UTF8.Preamble))
        {
            json = json[Encoding.UTF8.Preamble.Length..];
        }

        try
        {
            CheckEveryString(json);
            file = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false, MaxDepth = MaxDepth }) as JsonObject;
        }
        catch (JsonException exception) when (exception.LineNumber is null)
        {
            // Not a syntax error, which has a place: a member named twice, found once the object is built.
            error = $"{notJson}: it names a member twice{(exception.Path is { Length: > 1 } path ? $" ({path})" : "")}.";
            return false;
        }
        catch (JsonException) when (NestsTooDeeply(json))
        {
            error = $"{notJson}: it {TooDeep}.";
            return false;
        }
        catch (JsonException exception)
        {
            error = $"{notJson} (line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}).";
            return false;
        }
        catch (InvalidOperationException)
        {
            error = $"{notJson}: it {BrokenText}.";
            return false;
        }

        error = file is null ? notObject : null;
        return file is not null;
    }

    /// <summary>
    /// Whether the JSON nests past <see cref="MaxDepth"/> before it ends or breaks otherwise: the reader's error for that
    /// has a line and byte like a syntax error's, and a file refused for it must not be called broken.
    /// </summary>
    public static bool NestsTooDeeply(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth + 1 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is (JsonTokenType.StartObject or JsonTokenType.StartArray) && reader.CurrentDepth >= MaxDepth)
                {
                    return true;
                }
            }
        }
        catch (JsonException)
        {
            // Broken before it got that deep.
        }

        return false;
    }

    /// <summary>
    /// Whether every string and member name in the JSON a request carried decodes, and no member is named twice: JSON may
    /// escape a lone surrogate (<c>"\ud800"</c>), and nodes build objects lazily, so either would only fail later, in the
    /// middle of checking or saving.
    /// </summary>
    public static bool HasWholeText(JsonNode? node)
    {
        try
        {
            return Whole(node);
        }
        catch (Exception exception) when (exception is InvalidOperationException or ArgumentException)
        {
            return false;
        }
    }

    /// <inheritdoc cref="HasWholeText(JsonNode?)"/>
    public static bool HasWholeText(JsonElement element)
    {
        try
        {
            return Whole(element);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool Whole(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().All(member => member.Name is not null && Whole(member.Value)),
        JsonValueKind.Array => element.EnumerateArray().All(Whole),
        JsonValueKind.String => element.GetString() is not null,
        _ => true,
    };

    private static bool Whole(JsonNode? node) => node switch
    {
        JsonObject members => members.All(member => Whole(member.Value)),
        JsonArray items => items.All(Whole),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>() is not null,
        _ => true,
    };

    /// <summary>
    /// JSON nodes decode strings lazily, so broken UTF-8 or a lone surrogate escape would only fail later, in the middle
    /// of mapping or saving; decoding each one up front turns that into a 400 here.
    /// </summary>
    private static void CheckEveryString(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth });
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
            {
                reader.GetString();
            }
        }
    }
}

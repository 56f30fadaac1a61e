using System.Globalization;
using System.Numerics;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using KissChat.Chats.ExportChat;

namespace KissChat.Chats.Prompt;

/// <summary>
/// A chat's SillyTavern variables (<c>{{setvar::name::value}}</c>, <c>{{getvar::name}}</c>, <c>{{addvar}}</c>,
/// <c>{{incvar}}</c>, <c>{{decvar}}</c>), where SillyTavern keeps them: its <c>chat_metadata.variables</c>, so they travel
/// in its chat files both ways. Values are read and added as SillyTavern's JavaScript does: a numeric text is a number, a
/// variable holding a JSON array gains an item, anything else is joined as text.
/// </summary>
/// <remarks>
/// The macros change them as a turn's prompt is filled; only a stored reply (or a new chat's greetings) keeps the change.
/// A value may not grow past <see cref="MaxValueLength"/> characters, nor a chat past <see cref="MaxVariables"/> of them: a
/// change beyond that is left undone, so a card adding to a variable at each turn cannot grow a chat's row without end.
/// </remarks>
internal sealed class ChatVariables
{
    public const string Member = "variables";

    public const int MaxValueLength = 100_000;

    public const int MaxVariables = 1_000;

    // As SillyTavern writes its files: text unescaped, so a stored JSON array reads as written.
    private static readonly JsonSerializerOptions Written = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly string? chatMetadata;

    // Read on first use: most turns' prompts ask for none.
    private JsonObject? read;

    private ChatVariables(string? chatMetadata) => this.chatMetadata = chatMetadata;

    private JsonObject Values => read ??= SillyTavernMetadata.Parse(chatMetadata)?[Member] is JsonObject stored ? stored.DeepClone().AsObject() : [];

    /// <summary>Whether a macro changed a variable since they were read.</summary>
    public bool Changed { get; private set; }

    /// <param name="chatMetadata">The chat's <c>chat_metadata</c> (JSON) as stored; null for a chat that has none.</param>
    public static ChatVariables Of(string? chatMetadata) => new(chatMetadata);

    /// <summary>The variables as they are now, to be changed apart from these.</summary>
    public ChatVariables Copy() => new(chatMetadata) { read = Values.DeepClone().AsObject() };

    /// <summary>The chat's <c>chat_metadata</c> with the variables as they are now.</summary>
    public string Metadata()
    {
        var metadata = SillyTavernMetadata.Parse(chatMetadata) ?? [];
        metadata[Member] = Values.DeepClone();
        return metadata.ToJsonString(Written);
    }

    /// <summary>SillyTavern's <c>getLocalVariable</c>: a number as JavaScript writes it, else the text; empty when unset.</summary>
    public string Get(string name) => Read(name) switch
    {
        null => "",
        var text when text.Trim().Length == 0 => text,
        var text => JavaScriptNumber(text) is { } number ? Write(number) : text,
    };

    public void Set(string name, string value) => Store(name, JsonValue.Create(value));

    /// <summary>SillyTavern's <c>addLocalVariable</c>: the new value.</summary>
    public string Add(string name, string value)
    {
        var current = Get(name);
        if (current.StartsWith('[') && Array(current) is { } items)
        {
            items.Add(value);
            Store(name, JsonValue.Create(items.ToJsonString(Written)));
            return items.ToJsonString(Written);
        }

        // An unset variable counts as 0, as SillyTavern's `getLocalVariable(name) || 0`.
        var start = current.Length == 0 ? 0 : JavaScriptNumber(current);
        if (start is { } number && JavaScriptNumber(value) is { } increment)
        {
            var sum = number + increment;
            // JSON has no infinity: SillyTavern's would be written as null, and read back as nothing.
            Store(name, double.IsFinite(sum) ? JsonValue.Create(sum) : JsonValue.Create(Write(sum)));
            return Write(sum);
        }

        Store(name, JsonValue.Create(current + value));
        return current + value;
    }

    private string? Read(string name) => Values[name] switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => Write(value.GetValue<double>()),
        JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False => value.ToJsonString(),
        JsonNode node => node.ToJsonString(),
        null => null,
    };

    private void Store(string name, JsonValue value)
    {
        if ((!Values.ContainsKey(name) && Values.Count >= MaxVariables) || (value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Length > MaxValueLength))
        {
            return;
        }

        Values[name] = value;
        Changed = true;
    }

    private static JsonArray? Array(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonArray;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>JavaScript's <c>Number(text)</c> for the texts a chat's variables hold: null where it gives NaN.</summary>
    private static double? JavaScriptNumber(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return 0;
        }

        if (trimmed.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            // A leading 0 keeps the top digit from reading as a sign; past a long's digits it is still a number, rounded to
            // the nearest as JavaScript's is (through its decimal text: a BigInteger's cast to double truncates).
            return trimmed.Length > 2 && BigInteger.TryParse($"0{trimmed[2..]}", NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex)
                ? double.Parse(hex.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)
                : null;
        }

        return double.TryParse(trimmed, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var number)
            && !double.IsNaN(number) ? number : null;
    }

    /// <summary>
    /// A number as JavaScript writes it (ECMAScript's Number::toString): <c>3</c>, <c>2.5</c>, <c>-0.1</c>, whole up to
    /// 10^21 (<c>1000000000000000</c>, where .NET writes <c>1E+15</c>), else <c>1e+21</c>, <c>1.5e-7</c>.
    /// </summary>
    private static string Write(double number)
    {
        if (double.IsInfinity(number))
        {
            return number > 0 ? "Infinity" : "-Infinity";
        }

        if (number == 0)
        {
            return "0";
        }

        // The shortest digits that read back as the number, and how many of them stand before its point.
        var shortest = Math.Abs(number).ToString("R", CultureInfo.InvariantCulture);
        var (mantissa, exponent) = shortest.Split('E') is [var m, var e] ? (m, int.Parse(e, CultureInfo.InvariantCulture)) : (shortest, 0);
        var whole = mantissa.Split('.')[0];
        var all = mantissa.Replace(".", "", StringComparison.Ordinal);
        var digits = all.TrimStart('0');
        var point = whole.Length + exponent - (all.Length - digits.Length);
        digits = digits.TrimEnd('0');
        var sign = number < 0 ? "-" : "";
        return point switch
        {
            _ when digits.Length <= point && point <= 21 => sign + digits + new string('0', point - digits.Length),
            > 0 and <= 21 => $"{sign}{digits[..point]}.{digits[point..]}",
            > -6 and <= 0 => $"{sign}0.{new string('0', -point)}{digits}",
            _ => $"{sign}{digits[0]}{(digits.Length > 1 ? "." + digits[1..] : "")}e{(point - 1 >= 0 ? "+" : "-")}{Math.Abs(point - 1)}",
        };
    }
}

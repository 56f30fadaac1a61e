using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace KissChat.Characters.Cards;

/// <summary>
/// A character file of text-generation-webui (oobabooga), which SillyTavern imports by its <c>.yaml</c> or <c>.yml</c>
/// name: one mapping whose members are text (<c>name</c>, <c>context</c>, <c>greeting</c>…), read as JSON for
/// <see cref="CardImport"/>. Only the top level is kept; what lies deeper is read past, as the import reads none of it.
/// </summary>
/// <remarks>
/// Read event by event, never built into a tree: an alias is refused where it stands (a few lines of nested aliases
/// would otherwise expand to billions of nodes), and nesting is refused past <see cref="MaxDepth"/>.
/// </remarks>
internal static class OobaboogaYaml
{
    /// <summary>Far deeper than a character file goes: its members are text.</summary>
    private const int MaxDepth = 32;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static bool IsYaml(string? fileName) =>
        Path.GetExtension(fileName) is { } extension
        && (extension.Equals(".yaml", StringComparison.OrdinalIgnoreCase) || extension.Equals(".yml", StringComparison.OrdinalIgnoreCase));

    /// <param name="character">The file's top-level members: text, null for YAML's null, an empty object for a list or a mapping.</param>
    public static bool TryRead(byte[] file, [NotNullWhen(true)] out JsonObject? character, [NotNullWhen(false)] out string? error)
    {
        character = null;
        string text;
        try
        {
            text = StrictUtf8.GetString(file).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            error = "The YAML file is not UTF-8 text.";
            return false;
        }

        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            if (!parser.TryConsume<DocumentStart>(out _) || !parser.TryConsume<MappingStart>(out _))
            {
                error = "The YAML file must hold a character's members (name: …, context: …, greeting: …) at its top level.";
                return false;
            }

            var members = new JsonObject();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                if (Alias(parser) is { } aliased)
                {
                    error = aliased;
                    return false;
                }

                if (!parser.TryConsume<Scalar>(out var key))
                {
                    error = $"The YAML file's top-level keys must be text: line {parser.Current?.Start.Line} has a list or mapping as one.";
                    return false;
                }

                if (members.ContainsKey(key.Value))
                {
                    error = $"The YAML file has '{key.Value}' twice (line {key.Start.Line}).";
                    return false;
                }

                if (!TryReadValue(parser, out var value, out error))
                {
                    return false;
                }

                members[key.Value] = value;
            }

            parser.Consume<DocumentEnd>();
            if (!parser.TryConsume<StreamEnd>(out _))
            {
                error = "The YAML file holds more than one document: a character file holds one.";
                return false;
            }

            character = members;
            error = null;
            return true;
        }
        catch (YamlException exception)
        {
            error = $"The YAML file is not valid YAML: {exception.Message}";
            return false;
        }
    }

    /// <summary>A member's value: text, null, or an empty object standing for any list or mapping, read past.</summary>
    private static bool TryReadValue(IParser parser, out JsonNode? value, [NotNullWhen(false)] out string? error)
    {
        value = null;
        if (Alias(parser) is { } aliased)
        {
            error = aliased;
            return false;
        }

        if (parser.TryConsume<Scalar>(out var scalar))
        {
            value = IsNull(scalar) ? null : JsonValue.Create(scalar.Value);
            error = null;
            return true;
        }

        var depth = 0;
        do
        {
            if (Alias(parser) is { } nestedAlias)
            {
                error = nestedAlias;
                return false;
            }

            var node = parser.Consume<ParsingEvent>();
            depth += node.NestingIncrease;
            if (depth > MaxDepth)
            {
                error = $"The YAML file nests deeper than {MaxDepth} levels (line {node.Start.Line}).";
                return false;
            }
        }
        while (depth > 0);

        value = new JsonObject();
        error = null;
        return true;
    }

    private static string? Alias(IParser parser) =>
        parser.Current is AnchorAlias alias
            ? $"The YAML file uses an alias (*{alias.Value}, line {alias.Start.Line}): a character file needs none, and none is read."
            : null;

    /// <summary>YAML's null as SillyTavern's reader takes it: nothing, <c>~</c> or <c>null</c>, unquoted.</summary>
    private static bool IsNull(Scalar scalar) =>
        scalar.Style == ScalarStyle.Plain && scalar.Value is "" or "~" or "null" or "Null" or "NULL";
}

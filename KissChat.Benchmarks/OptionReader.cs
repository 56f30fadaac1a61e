using System.Globalization;

namespace KissChat.Benchmarks;

/// <summary>Walks a command line of <c>--name value</c> or <c>--name=value</c> options, turning values into what they mean.</summary>
internal sealed class OptionReader(IReadOnlyList<string> args)
{
    private int index = -1;
    private string? inlineValue;

    /// <summary>The current option's name, e.g. <c>--tokens</c>.</summary>
    public string Name { get; private set; } = "";

    public bool MoveNext()
    {
        if (++index >= args.Count)
        {
            return false;
        }

        (Name, inlineValue) = args[index].Split('=', 2) is [var name, var value] && name.StartsWith("--", StringComparison.Ordinal)
            ? (name, value)
            : (args[index], null);
        return true;
    }

    public string Value() => inlineValue ?? (++index < args.Count ? args[index] : throw new ArgumentException($"{Name} needs a value."));

    public int Count(int min) => Parse(Value(), min);

    /// <summary>A comma-separated list of counts; an empty value is an empty list.</summary>
    public IReadOnlyList<int> Counts(int min) =>
        Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => Parse(v, min)).ToList();

    /// <summary>Reads a <c>Key=Value</c> server setting into <paramref name="settings"/>; returns <paramref name="options"/> for use in a switch.</summary>
    public T AddSetting<T>(T options, IDictionary<string, string> settings)
    {
        var pair = Value();
        var parts = pair.Split('=', 2);
        if (parts.Length != 2 || parts[0].Length == 0)
        {
            throw new ArgumentException($"{Name} takes Key=Value, not '{pair}'.");
        }

        settings[parts[0]] = parts[1];
        return options;
    }

    public ArgumentException Unknown() => new($"Unknown option '{args[index]}'.");

    private int Parse(string text, int min) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min
            ? value
            : throw new ArgumentException($"{Name} must be a whole number of at least {min}, not '{text}'.");
}

namespace KissChat.Inference.Contracts;

/// <summary>Counts the tokens of a text the way <c>Inference:Tokenizer</c> says.</summary>
public interface ITokenCounter
{
    /// <summary><c>o200k</c>, <c>cl100k</c> or <c>estimate</c>.</summary>
    string Name { get; }

    int Count(string text);
}

public static class TokenCounting
{
    /// <summary>GPT-4o's encoding: the closest widely served one to today's open models' vocabularies.</summary>
    public const string O200k = "o200k";

    /// <summary>GPT-4's and GPT-3.5's encoding.</summary>
    public const string Cl100k = "cl100k";

    /// <summary>A quarter of the characters, rounded up: no tokenizer at all.</summary>
    public const string Estimate = "estimate";

    public static readonly IReadOnlyList<string> Names = [O200k, Cl100k, Estimate];
}

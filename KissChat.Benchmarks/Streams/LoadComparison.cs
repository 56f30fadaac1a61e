namespace KissChat.Benchmarks.Streams;

/// <summary>One load, measured straight against the model and then through KissChat.</summary>
internal sealed record LoadComparison(string Load, bool AtOnce, LoadFigures Direct, LoadFigures KissChat);

namespace KissChat.Benchmarks.Streams;

/// <summary>
/// One load, measured straight against the model, through the bare relay (the floor) reading the model by hand, through
/// Microsoft.Extensions.AI, and through Microsoft.Extensions.AI storing the reply, and then through KissChat.
/// </summary>
internal sealed record LoadComparison(
    string Load, bool AtOnce, LoadFigures Direct, LoadFigures Relay, LoadFigures LibraryRelay, LoadFigures DurableRelay, LoadFigures KissChat);

/// <param name="QuietCpuPercent">The server's CPU use with no load, between the warm-up and the first load, in % of one core.</param>
/// <param name="ServerSettings">The settings the server ran the loads with.</param>
internal sealed record LoadResults(IReadOnlyList<LoadComparison> Comparisons, double QuietCpuPercent, IReadOnlyDictionary<string, string> ServerSettings);

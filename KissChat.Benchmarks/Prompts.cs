namespace KissChat.Benchmarks;

internal static class Prompts
{
    /// <summary>A typical roleplay message; numbered so no two turns send the same text.</summary>
    public static string Turn(int number) =>
        $"({number}) I ask Mira what she knows about the hooded stranger, and whether the harbour master has noticed him.";
}

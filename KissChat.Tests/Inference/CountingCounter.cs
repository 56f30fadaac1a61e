using KissChat.Inference.Contracts;

namespace KissChat.Tests.Inference;

/// <summary>A token counter that counts how many texts it was asked to count.</summary>
internal sealed class CountingCounter(ITokenCounter inner) : ITokenCounter
{
    public ITokenCounter Inner => inner;

    public int Counted { get; private set; }

    public string Name => inner.Name;

    public int Count(string text)
    {
        Counted++;
        return inner.Count(text);
    }
}

namespace KissChat.Tests.Characters;

/// <summary>Two decoded images show the same picture: same size, and each channel of each pixel within the tolerance.</summary>
internal sealed class PixelsComparer(int tolerance) : IEqualityComparer<(int Width, int Height, byte[] Rgba)>
{
    public static readonly PixelsComparer Exact = new(0);

    /// <summary>A JPEG encoded again at its own quality moves a channel by a few levels at most.</summary>
    public static readonly PixelsComparer Lossy = new(8);

    public static PixelsComparer For(string format) => format == "jpeg" ? Lossy : Exact;

    public bool Equals((int Width, int Height, byte[] Rgba) x, (int Width, int Height, byte[] Rgba) y) =>
        x.Width == y.Width && x.Height == y.Height && x.Rgba.Length == y.Rgba.Length
        && x.Rgba.Zip(y.Rgba).All(channel => Math.Abs(channel.First - channel.Second) <= tolerance);

    public int GetHashCode((int Width, int Height, byte[] Rgba) obj) => HashCode.Combine(obj.Width, obj.Height);
}

using System.Buffers;

namespace KissChat.Inference.OpenAiCompatible;

/// <summary>
/// A provider's event stream handed on line by line, each complete line as <see cref="FinishReasons.Rewrite"/> leaves it.
/// A read hands on every complete line it brought (an event ends with its line, so nothing waits for the next read) and
/// keeps a started line for the next; the bytes after the last line end go on as they are when the stream ends.
/// </summary>
internal sealed class RewrittenEventStream(Stream inner) : Stream
{
    /// <summary>
    /// A line longer than this is no event a provider sends (a chunk holds a token or a few): the stream is refused as
    /// malformed, not held in memory until the deadlines end it.
    /// </summary>
    public const int MaxLine = 1024 * 1024;

    private byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _ready;
    private int _end;
    private bool _innerEnded;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        while (_start == _ready && !Accepted(_innerEnded ? 0 : await inner.ReadAsync(Room(), cancellationToken).ConfigureAwait(false)))
        {
        }

        return HandOut(destination.Span);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(Span<byte> destination)
    {
        while (_start == _ready && !Accepted(_innerEnded ? 0 : inner.Read(Room().Span)))
        {
        }

        return HandOut(destination);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Free space after the bytes read, the handed-out ones dropped first and the buffer grown for a long line.</summary>
    private Memory<byte> Room()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            (_ready, _end, _start) = (_ready - _start, _end - _start, 0);
        }

        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= MaxLine)
            {
                throw new System.Text.Json.JsonException($"The provider's stream has a line over {MaxLine} bytes.");
            }

            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        return _buffer.AsMemory(_end);
    }

    /// <summary>Takes <paramref name="read"/> new bytes in; whether there is now something to hand out, or the end.</summary>
    private bool Accepted(int read)
    {
        if (read == 0)
        {
            _innerEnded = true;
            _ready = _end;
            return true;
        }

        var lastLineEnd = _buffer.AsSpan(_end, read).LastIndexOf((byte)'\n');
        var firstNew = _ready;
        _end += read;
        if (lastLineEnd < 0)
        {
            return false;
        }

        _ready = _end - read + lastLineEnd + 1;
        RewriteLines(firstNew);
        return true;
    }

    private void RewriteLines(int from)
    {
        List<(int At, int Length, byte[] Line)>? rewritten = null;
        for (var at = from; at < _ready;)
        {
            var length = _buffer.AsSpan(at, _ready - at).IndexOf((byte)'\n');
            if (FinishReasons.Rewrite(_buffer.AsSpan(at, length).TrimEnd((byte)'\r')) is { } line)
            {
                (rewritten ??= []).Add((at, length, line));
            }

            at += length + 1;
        }

        if (rewritten is null)
        {
            return;
        }

        // Rare (a reply's last chunk at most): the bytes are laid out again around the rewritten lines.
        var rebuilt = new ArrayBufferWriter<byte>(_buffer.Length);
        var copied = 0;
        foreach (var (at, length, line) in rewritten)
        {
            rebuilt.Write(_buffer.AsSpan(copied, at - copied));
            rebuilt.Write(line);
            copied = at + length;
        }

        var ready = rebuilt.WrittenCount + _ready - copied;
        rebuilt.Write(_buffer.AsSpan(copied, _end - copied));
        _buffer = new byte[Math.Max(_buffer.Length, rebuilt.WrittenCount)];
        rebuilt.WrittenSpan.CopyTo(_buffer);
        (_ready, _end) = (ready, rebuilt.WrittenCount);
    }

    private int HandOut(Span<byte> destination)
    {
        var count = Math.Min(destination.Length, _ready - _start);
        _buffer.AsSpan(_start, count).CopyTo(destination);
        _start += count;
        return count;
    }
}

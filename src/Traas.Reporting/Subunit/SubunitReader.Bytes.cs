namespace Traas.Reporting.Subunit;

/// <summary>
/// The stream's bytes, through a buffer of the reader's own: the bytes between packets are passed over a
/// buffer at a time, not a byte at a time (a node can put a gigabyte of them there).
/// </summary>
internal sealed partial class SubunitReader
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private long _offset;

    /// <summary>Whether the gzip data stopped inflating before its end, which is then where the stream ends.</summary>
    public bool Broken { get; private set; }

    /// <summary>The bytes read, inflated.</summary>
    public long Offset => _offset;

    /// <summary>
    /// Skips to the byte after the next signature, within <c>maxBytes</c> (a packet that starts before it is read
    /// whole); false at the end of the stream, or at the limit with more to come (<see cref="Cut"/>).
    /// </summary>
    private bool NextSignature() => Through(Signature, keep: false);

    /// <summary>
    /// Reads through the next <paramref name="end"/>, within <c>maxBytes</c>; with <paramref name="keep"/>, what
    /// comes before it goes to the v1 line (as much as it holds). False at the limit with more to come
    /// (<see cref="Cut"/>), or at the end of the stream, unless a last line without its end was kept.
    /// </summary>
    private bool Through(byte end, bool keep)
    {
        var any = false;
        while (_start < _end || Refill())
        {
            var room = maxBytes - _offset;
            if (room <= 0)
            {
                Cut = true;
                return false;
            }
            any = true;
            var bytes = _buffer.AsSpan(_start, (int)Math.Min(_end - _start, room));
            var at = bytes.IndexOf(end);
            if (keep)
            {
                var part = at < 0 ? bytes : bytes[..at];
                var kept = Math.Min(part.Length, _line.Length - _lineLength);
                part[..kept].CopyTo(_line.AsSpan(_lineLength));
                _lineLength += kept;
            }
            var used = at < 0 ? bytes.Length : at + 1;
            _start += used;
            _offset += used;
            if (at >= 0)
                return true;
        }
        return keep && any;
    }

    private bool Refill()
    {
        (_start, _end) = (0, Read(_buffer));
        return _end > 0;
    }

    /// <summary>Some bytes; none at the end of the stream, or where gzip data stops inflating.</summary>
    private int Read(Span<byte> target)
    {
        if (Broken)
            return 0;
        try
        {
            return stream.Read(target);
        }
        catch (InvalidDataException)
        {
            // GZipStream's message ("unsupported compression method", for any bad block) would mislead.
            Broken = true;
            return 0;
        }
    }

    private void Fill(Span<byte> target)
    {
        var buffered = Math.Min(target.Length, _end - _start);
        _buffer.AsSpan(_start, buffered).CopyTo(target);
        _start += buffered;
        for (var at = buffered; at < target.Length;)
        {
            var read = Read(target[at..]);
            if (read == 0)
                throw new EndOfStreamException();
            at += read;
        }
        _offset += target.Length;
    }

    /// <summary>subunit's varint: the top two bits of the first byte say 1, 2, 3 or 4 bytes, big-endian.</summary>
    private static int Varint(ReadOnlySpan<byte> data, int at, out int used)
    {
        var first = data[at];
        used = (first >> 6) + 1;
        var value = first & 0x3F;
        for (var i = 1; i < used; i++)
            value = (value << 8) | data[at + i];
        return value;
    }

    private static string Utf8(ReadOnlySpan<byte> body, ref int at)
    {
        var length = Varint(body, at, out var used);
        at += used;
        var text = Encoding.UTF8.GetString(body.Slice(at, length));
        at += length;
        return text;
    }
}

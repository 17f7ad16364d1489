namespace Traas.Tool.Ssh;

/// <summary>
/// Reads another stream up to a number of bytes in all, and remembers when bytes last came: a stream from
/// the node that would go on past what was asked for, or stall, is ended by its reader.
/// </summary>
internal sealed class BoundedReadStream(Stream inner, long maxBytes) : Stream
{
    public long Total { get; private set; }

    /// <summary><see cref="Environment.TickCount64"/> when bytes last came (or the stream was opened).</summary>
    public long LastProgress { get; private set; } = Environment.TickCount64;

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Total += read;
        LastProgress = Environment.TickCount64;
        if (Total > maxBytes)
            throw new IOException($"the stream went on past the {maxBytes} bytes the files asked for can take");
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            inner.Dispose();
        base.Dispose(disposing);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

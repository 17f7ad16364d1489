namespace Traas.Tool.Tests.Support;

/// <summary>A hostile node's stream in memory: its first bytes, then <paramref name="fill"/> without end.</summary>
public sealed class EndlessStream(byte[] head, byte fill = 0) : Stream
{
    /// <summary>How many bytes were read from it: what its reader let in.</summary>
    public long Total { get; private set; }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var fromHead = (int)Math.Clamp(head.Length - Total, 0, count);
        head.AsSpan((int)Total, fromHead).CopyTo(buffer.AsSpan(offset));
        buffer.AsSpan(offset + fromHead, count - fromHead).Fill(fill);
        Total += count;
        return count;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => Total; set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

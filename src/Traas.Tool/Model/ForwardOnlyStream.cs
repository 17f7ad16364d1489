namespace Traas.Tool.Model;

/// <summary>
/// A stream that goes one way and has no length: it neither seeks nor flushes anything, and the array
/// overloads go to the span ones. A subclass that reads overrides <see cref="Read(Span{byte})"/> and
/// <see cref="CanRead"/>; one that writes, <see cref="Write(ReadOnlySpan{byte})"/> and <see cref="CanWrite"/>.
/// </summary>
internal abstract class ForwardOnlyStream : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    // Stream's own span overloads call the array ones, which here call them: these throw instead of looping.
    public override int Read(Span<byte> buffer) => throw new NotSupportedException();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}

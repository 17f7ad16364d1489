namespace Traas.Tool.Ssh;

/// <summary>
/// Reads another stream up to a number of bytes in all, and remembers when bytes last came: a stream from
/// the node that would go on past what was asked for, or stall, is ended by its reader.
/// </summary>
internal sealed class BoundedReadStream(Stream inner, long maxBytes) : ReadOnlyWrapperStream(inner)
{
    public long Total { get; private set; }

    /// <summary><see cref="Environment.TickCount64"/> when bytes last came (or the stream was opened).</summary>
    public long LastProgress { get; private set; } = Environment.TickCount64;

    public override int Read(Span<byte> buffer)
    {
        var read = Inner.Read(buffer);
        Total += read;
        LastProgress = Environment.TickCount64;
        if (Total > maxBytes)
            throw new IOException($"the stream went on past the {maxBytes} bytes the files asked for can take");
        return read;
    }
}

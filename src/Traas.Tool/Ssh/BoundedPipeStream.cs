namespace Traas.Tool.Ssh;

/// <summary>
/// A pipe of at most a fixed number of bytes between SSH.NET's receive thread, which writes a channel's data
/// as it comes, and the channel's reader. SSH.NET's own PipeStream grows without bound and its window takes in
/// whatever the node sends; here a writer that finds the pipe full waits, which holds up the whole connection
/// (SSH.NET reads the socket on that thread) and so the program on the node: the backpressure that bounds
/// memory. Disposing is the writer's end (the reader drains what is left); <see cref="Abort"/> is the
/// reader's: a waiting writer goes on, dropping what it writes, so that the connection can close.
/// </summary>
internal sealed class BoundedPipeStream(int capacity) : ForwardOnlyStream
{
    private readonly object sync = new();
    private readonly byte[] ring = new byte[capacity];
    private int head;
    private int count;
    private bool completed;
    private bool aborted;

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        lock (sync)
        {
            while (!buffer.IsEmpty)
            {
                while (this.count == ring.Length && !aborted)
                    Monitor.Wait(sync);
                if (aborted || completed)
                    return;
                var tail = (head + this.count) % ring.Length;
                var part = Math.Min(buffer.Length, Math.Min(ring.Length - this.count, ring.Length - tail));
                buffer[..part].CopyTo(ring.AsSpan(tail));
                this.count += part;
                buffer = buffer[part..];
                Monitor.PulseAll(sync);
            }
        }
    }

    /// <summary>Waits for bytes; 0 once the writer ended and all was read, or once aborted.</summary>
    public override int Read(Span<byte> buffer)
    {
        lock (sync)
        {
            while (count == 0 && !completed && !aborted)
                Monitor.Wait(sync);
            if (aborted || count == 0 || buffer.IsEmpty)
                return 0;
            var part = Math.Min(buffer.Length, Math.Min(count, ring.Length - head));
            ring.AsSpan(head, part).CopyTo(buffer);
            head = (head + part) % ring.Length;
            count -= part;
            Monitor.PulseAll(sync);
            return part;
        }
    }

    /// <summary>The reader is gone: reads end, and writes are dropped from now on.</summary>
    public void Abort()
    {
        lock (sync)
        {
            aborted = true;
            Monitor.PulseAll(sync);
        }
    }

    protected override void Dispose(bool disposing)
    {
        lock (sync)
        {
            completed = true;
            Monitor.PulseAll(sync);
        }
        base.Dispose(disposing);
    }

    public override bool CanRead => true;

    public override bool CanWrite => true;
}

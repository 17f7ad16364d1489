namespace Traas.Tool.Ssh;

/// <summary>
/// A pipe of at most a fixed number of bytes between SSH.NET's receive thread, which writes a channel's data
/// as it comes, and the channel's reader. SSH.NET's own PipeStream grows without bound and its window takes in
/// whatever the node sends; here a writer that finds the pipe full waits, which holds up the whole connection
/// (SSH.NET reads the socket on that thread) and so the program on the node: the backpressure that bounds
/// memory. Disposing is the writer's end (the reader drains what is left); <see cref="Abort"/> is the
/// reader's: a waiting writer goes on, dropping what it writes, so that the connection can close.
/// Each side wakes the other only when there is a good deal to do (a reader waits for <see cref="wakeAt"/> bytes,
/// or a few milliseconds; a full pipe's writer for half of it free): SSH.NET writes a packet at a time, and a
/// wake-up a packet cost more CPU than the bytes (a futex call and a context switch each way).
/// </summary>
internal sealed class BoundedPipeStream(int capacity) : ForwardOnlyStream
{
    /// <summary>How long a reader that has some bytes waits for more before it takes what there is.</summary>
    private const int LingerMilliseconds = 5;

    private readonly object sync = new();
    private readonly byte[] ring = new byte[capacity];
    private readonly int wakeAt = Math.Min(64 * 1024, Math.Max(1, capacity / 2));
    private int head;
    private int count;
    private bool completed;
    private bool aborted;
    private bool readerWaiting;
    private bool writerWaiting;

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        lock (sync)
        {
            while (!buffer.IsEmpty)
            {
                while (this.count == ring.Length && !aborted)
                {
                    writerWaiting = true;
                    Monitor.Wait(sync);
                }
                writerWaiting = false;
                if (aborted || completed)
                    return;
                var tail = (head + this.count) % ring.Length;
                var part = Math.Min(buffer.Length, Math.Min(ring.Length - this.count, ring.Length - tail));
                buffer[..part].CopyTo(ring.AsSpan(tail));
                var before = this.count;
                this.count += part;
                buffer = buffer[part..];
                // The first bytes, so that a reader can start its short wait for more; then enough to be worth it.
                if (readerWaiting && (before == 0 || this.count >= wakeAt))
                    Monitor.PulseAll(sync);
            }
        }
    }

    /// <summary>
    /// Waits for bytes (as many as <paramref name="buffer"/> takes, up to <see cref="wakeAt"/>, or what came within
    /// a few milliseconds of the first); 0 once the writer ended and all was read, or once aborted.
    /// </summary>
    public override int Read(Span<byte> buffer)
    {
        lock (sync)
        {
            var want = Math.Min(buffer.Length, wakeAt);
            var lingered = false;
            while (count < want && !completed && !aborted && !(count > 0 && lingered))
            {
                readerWaiting = true;
                lingered = !Monitor.Wait(sync, count > 0 ? LingerMilliseconds : Timeout.Infinite);
            }
            readerWaiting = false;
            if (aborted || count == 0 || buffer.IsEmpty)
                return 0;
            var part = Math.Min(buffer.Length, Math.Min(count, ring.Length - head));
            ring.AsSpan(head, part).CopyTo(buffer);
            head = (head + part) % ring.Length;
            count -= part;
            if (writerWaiting && ring.Length - count >= ring.Length / 2)
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

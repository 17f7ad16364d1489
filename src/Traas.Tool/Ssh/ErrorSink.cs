namespace Traas.Tool.Ssh;

/// <summary>
/// Where a command's stderr goes when none of it is kept: SSH.NET's receive thread writes into it and it only
/// counts. Past <paramref name="limit"/> bytes it calls <paramref name="flooded"/> once, on the thread pool (not
/// on the receive thread, which closing the channel may wait for). Unlike a pipe, it needs no thread to drain it:
/// a drain blocked on a pipe held a pool thread for the command's whole life, and on a runner of two cores the pool
/// then started the next stream's work late.
/// </summary>
internal sealed class ErrorSink(long limit, Action flooded) : ForwardOnlyStream
{
    private long total;

    public override bool CanWrite => true;

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var before = total;
        total += buffer.Length;
        if (before <= limit && total > limit)
            ThreadPool.QueueUserWorkItem(_ => flooded());
    }
}

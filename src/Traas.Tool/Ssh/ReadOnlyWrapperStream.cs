namespace Traas.Tool.Ssh;

/// <summary>
/// A forward-only, read-only stream over another that it owns (disposes): the members every such
/// wrapper of the tar path needs, so that each one only says how it reads.
/// </summary>
internal abstract class ReadOnlyWrapperStream(Stream inner) : ForwardOnlyStream
{
    protected Stream Inner => inner;

    public override bool CanRead => true;

    public abstract override int Read(Span<byte> buffer);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            inner.Dispose();
        base.Dispose(disposing);
    }
}

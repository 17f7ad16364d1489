namespace Traas.Tool.Pipeline;

/// <summary>
/// What collecting brought back so far, counted from any thread, and said every few seconds (a real job's
/// thousands of files take a while).
/// </summary>
internal sealed class CollectProgress : IDisposable
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(3);

    private readonly Timer timer;
    private long files;
    private long bytes;

    public CollectProgress(ILogger log)
    {
        timer = new Timer(_ => log.Information("collecting: {Files} files, {MiB:0.0} MiB so far",
            Files, Bytes / 1048576.0), null, Every, Every);
    }

    public int Files => (int)Interlocked.Read(ref files);

    public long Bytes => Interlocked.Read(ref bytes);

    public void Add(long size)
    {
        Interlocked.Increment(ref files);
        Interlocked.Add(ref bytes, size);
    }

    public void Dispose() => timer.Dispose();
}

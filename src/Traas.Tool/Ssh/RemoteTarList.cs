namespace Traas.Tool.Ssh;

/// <summary>
/// The files a tar stream is asked for, in order. It grows while the stream runs (their names go to tar's stdin
/// as the walk chooses them), so one thread adds while the stream's reader reads on another.
/// </summary>
internal sealed class RemoteTarList : IReadOnlyList<RemoteTarFile>
{
    private readonly Lock sync = new();
    private readonly List<RemoteTarFile> files = [];

    /// <summary>The bytes of the files before each index, and of all of them last.</summary>
    private readonly List<long> before = [0];

    private long maxStreamBytes = RemoteTarReader.MaxStreamBytes([]);

    public RemoteTarList(IEnumerable<RemoteTarFile> files)
    {
        foreach (var file in files)
            Add(file);
    }

    public int Count
    {
        get
        {
            lock (sync)
                return files.Count;
        }
    }

    public RemoteTarFile this[int index]
    {
        get
        {
            lock (sync)
                return files[index];
        }
    }

    /// <summary>What a stream of the files asked so far can take (as <see cref="RemoteTarReader.MaxStreamBytes"/>).
    /// </summary>
    public long MaxStreamBytes => Volatile.Read(ref maxStreamBytes);

    public void Add(RemoteTarFile file)
    {
        lock (sync)
        {
            files.Add(file);
            before.Add(before[^1] + file.Size);
            Volatile.Write(ref maxStreamBytes, maxStreamBytes + RemoteTarReader.MaxEntryBytes(file));
        }
    }

    /// <summary>The bytes of the files from <paramref name="index"/> on, as the walk saw them.</summary>
    public long BytesFrom(int index)
    {
        lock (sync)
            return before[^1] - before[Math.Min(index, files.Count)];
    }

    public IEnumerator<RemoteTarFile> GetEnumerator()
    {
        lock (sync)
            return files.ToList().GetEnumerator();
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

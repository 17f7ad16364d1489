using System.Formats.Tar;

namespace Traas.Tool.Ssh;

/// <summary>
/// Reads a tar stream from the node entry by entry and holds it to the list of files asked for, since the node
/// may answer anything. System.Formats.Tar's <see cref="TarReader"/> parses it, between two bounds: the stream
/// may not go past what the list can take (<see cref="BoundedReadStream"/>), and no metadata entry may be large
/// (<see cref="TarMetadataGuard"/>). An entry must be named as a file of the list that has not come yet (tar
/// keeps the list's order): files of the list it passes over are the caller's to fetch over SFTP. An entry's
/// name is never used as a path: the caller knows a file by its index in the list. A name not asked for, a
/// broken header, or a file cut short ends the stream with a <see cref="RemoteStreamException"/>.
/// </summary>
internal sealed class RemoteTarReader : IDisposable
{
    private readonly BoundedReadStream source;
    private readonly TarReader reader;
    private readonly IReadOnlyList<RemoteTarFile> files;
    private int next;
    private Stream? data;
    private long left;

    public RemoteTarReader(Stream stream, IReadOnlyList<RemoteTarFile> files)
    {
        this.files = files;
        source = new BoundedReadStream(new TarMetadataGuard(stream), MaxStreamBytes(files));
        reader = new TarReader(source);
    }

    /// <summary><see cref="Environment.TickCount64"/> when bytes last came.</summary>
    public long LastProgress => source.LastProgress;

    /// <summary>The bytes the stream brought so far, headers included.</summary>
    public long Total => source.Total;

    /// <summary>The next file of the list the stream holds; null at its end.</summary>
    /// <exception cref="RemoteStreamException">
    /// The stream broke, held what was not asked for, or cut a file short.
    /// </exception>
    public RemoteTarEntry? Next()
    {
        if (data is not null && left > 0)
            throw new InvalidOperationException("the current file of the stream was not read to its end");
        data = null;
        var entry = Guard(() => reader.GetNextEntry());
        if (entry is null)
            return null;
        var index = Find(entry.Name);
        if (index < 0)
        {
            throw new RemoteStreamException(
                $"the stream holds {entry.EntryType} '{entry.Name}', which was not asked for (or not in order)");
        }
        next = index + 1;
        var kind = entry.EntryType switch
        {
            TarEntryType.RegularFile or TarEntryType.V7RegularFile when entry.Length == files[index].Size
                => RemoteTarEntryKind.Data,
            TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.HardLink
                => RemoteTarEntryKind.Changed,
            _ => RemoteTarEntryKind.Refused,
        };
        if (kind == RemoteTarEntryKind.Data)
        {
            data = entry.DataStream ?? Stream.Null;
            left = entry.Length;
        }
        return new RemoteTarEntry(index, kind, entry.EntryType.ToString());
    }

    /// <summary>Reads the current file's bytes: 0 at its end, never more than its size.</summary>
    /// <exception cref="RemoteStreamException">The stream broke, or ended inside the file.</exception>
    public int Read(Span<byte> buffer)
    {
        var current = data ?? throw new InvalidOperationException("no file of the stream is being read");
        if (left == 0)
            return 0;
        int read;
        try
        {
            read = current.Read(buffer[..(int)Math.Min(buffer.Length, left)]);
        }
        catch (Exception e) when (Broken(e))
        {
            throw Broke(e);
        }
        if (read == 0)
            throw new RemoteStreamException($"the stream ended {left} bytes before the end of a file");
        left -= read;
        return read;
    }

    public void Dispose() => reader.Dispose();

    /// <summary>What the list can take: each file's bytes and headers (long names too), tar's last records.</summary>
    public static long MaxStreamBytes(IReadOnlyList<RemoteTarFile> files) =>
        files.Sum(f => Blocks(f.Size) + 3 * 512 + Blocks(Encoding.UTF8.GetByteCount(f.Relative) + 1)) + 20 * 1024;

    private static long Blocks(long bytes) => (bytes + 511) / 512 * 512;

    private int Find(string name)
    {
        for (var i = next; i < files.Count; i++)
        {
            if (string.Equals(files[i].Relative, name, StringComparison.Ordinal))
                return i;
        }
        return -1;
    }

    private static T Guard<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (Broken(e))
        {
            throw Broke(e);
        }
    }

    private static bool Broken(Exception e) => e is IOException or InvalidDataException or FormatException
        or ArgumentException or InvalidOperationException or OverflowException or ObjectDisposedException;

    private static RemoteStreamException Broke(Exception e) => new($"the stream broke: {e.Message}", e);
}

using System.Formats.Tar;
using Traas.Reporting.Input;
using Traas.Tool.Ssh;

namespace Traas.Tool.Pipeline;

/// <summary>
/// The text files inside a collected tarball masked: a plain tar (ustar, pax or GNU, known by the magic at offset
/// 257 of its first header, whatever its name) or one inside gzip (<see cref="MaskedGzip"/>), as CI collectors pack
/// a node's /etc or its logs. A regular member whose first bytes are text is masked as any collected text is
/// (<see cref="RedactingWriter"/>), and one that is gzip as a collected gzip file is (an archive inside it is not
/// opened); folders, links and binary members are kept as they are. A tarball with nothing to mask is kept byte
/// for byte. One to mask is written again by System.Formats.Tar: each member with the header it came with (name,
/// mode, owner, times, format), a masked one with its new size.
/// </summary>
/// <remarks>
/// Read once to learn whether anything must be masked (it stops at the first member that must), and once more to
/// write it. A member is spooled (in memory up to <see cref="InMemory"/>, else to a file beside the tarball), as a
/// tar header gives its member's size before the member. A tarball that is not tar all through (a GNU sparse
/// member, which System.Formats.Tar does not read, stops the read) or has a header too large to read
/// (<see cref="Guarded"/>) cannot be masked. One cut off is kept if nothing before the cut must be masked, as a
/// cut-off gzip file is: all that can be read of it was read.
/// </remarks>
internal static class MaskedTar
{
    private const int MagicOffset = 257;

    /// <summary>
    /// The largest member spooled in memory: a file each for a tarball of many small logs costs more than the rest.
    /// </summary>
    private const long InMemory = 1 << 20;

    /// <summary>Whether <paramref name="head"/> is how a tar file starts: "ustar" (POSIX and GNU) at 257.</summary>
    public static bool IsTar(ReadOnlySpan<byte> head) =>
        head.Length >= MagicOffset + 5 && head.Slice(MagicOffset, 5).SequenceEqual("ustar"u8);

    /// <summary>
    /// Writes the tar file <paramref name="path"/> masked into <paramref name="masked"/> if a member holds anything
    /// to mask.
    /// </summary>
    /// <returns>Whether <paramref name="masked"/> was written; if not, the file is fine as it came.</returns>
    /// <exception cref="UnmaskableFileException">It must be masked but cannot be.</exception>
    public static bool Mask(string path, string masked, Redactor redactor, long maxBytes,
        CancellationToken cancellationToken)
    {
        using (var scanned = MaskedGzip.Open(path))
        {
            if (!MustMask(scanned, masked, redactor, maxBytes, cancellationToken))
                return false;
        }
        using var input = MaskedGzip.Open(path);
        using var output = new FileStream(masked, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        Rewrite(input, output, masked, redactor, maxBytes, cancellationToken);
        ExpectEnd(input, []);
        return true;
    }

    /// <summary>Whether a member of the tar in <paramref name="archive"/> holds anything to mask.</summary>
    /// <param name="spool">A path of the caller's, for the files a member is spooled to.</param>
    public static bool MustMask(Stream archive, string spool, Redactor redactor, long maxBytes,
        CancellationToken cancellationToken)
    {
        using var reader = new TarReader(new Guarded(archive), leaveOpen: true);
        try
        {
            return MustMaskEntries(reader, spool, redactor, maxBytes, cancellationToken);
        }
        catch (Exception e) when (IsNotTar(e))
        {
            // A cut-off tarball's members were all read up to the cut. What else breaks the tar (a member of a kind
            // .NET does not read, a header that is not tar) leaves the rest unread, and the file cannot be masked.
            return e is EndOfStreamException ? false : throw NotTar(e);
        }
    }

    private static bool MustMaskEntries(TarReader reader, string spool, Redactor redactor, long maxBytes,
        CancellationToken cancellationToken)
    {
        var head = new byte[RedactedCopy.TextProbe];
        var buffer = new byte[1 << 16];
        while (reader.GetNextEntry() is { } entry)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!IsRegular(entry) || entry.DataStream is not { } data)
                continue;
            var read = data.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            if (read == 0)
                continue;
            if (MaskedGzip.IsGzip(head.AsSpan(0, read)))
            {
                using var member = new Spooled(spool, inFile: true);
                if (!Copied(entry, data, head.AsSpan(0, read), buffer, member.Stream.Write))
                    return false;
                if (member.Masked(redactor, maxBytes, entry.Name, cancellationToken) is not null)
                    return true;
            }
            else if (RedactedCopy.IsTextHead(head.AsSpan(0, read)))
            {
                var scanner = new RedactingWriter(Stream.Null, redactor.ForStream());
                if (!Copied(entry, data, head.AsSpan(0, read), buffer, scanner.Write))
                    return scanner.MaskedLines > 0 ? throw Cut() : false;
                scanner.Complete();
                if (scanner.MaskedLines > 0)
                    return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Writes the tar in <paramref name="archive"/> to <paramref name="output"/> with its members masked; reads
    /// <paramref name="archive"/> up to the end of the tar's last member and its end blocks (see
    /// <see cref="ExpectEnd"/> for what may follow).
    /// </summary>
    public static void Rewrite(Stream archive, Stream output, string spool, Redactor redactor, long maxBytes,
        CancellationToken cancellationToken)
    {
        using var reader = new TarReader(new Guarded(archive), leaveOpen: true);
        using var writer = new TarWriter(output, leaveOpen: true);
        try
        {
            RewriteEntries(reader, writer, spool, redactor, maxBytes, cancellationToken);
        }
        catch (Exception e) when (IsNotTar(e))
        {
            throw NotTar(e);
        }
    }

    private static void RewriteEntries(TarReader reader, TarWriter writer, string spool, Redactor redactor,
        long maxBytes, CancellationToken cancellationToken)
    {
        var head = new byte[RedactedCopy.TextProbe];
        var buffer = new byte[1 << 16];
        while (reader.GetNextEntry() is { } entry)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (entry.DataStream is not { } data)
            {
                writer.WriteEntry(entry);
                continue;
            }
            // A member of another kind with data (a GNU sparse file) is spooled as it is, as a binary member is.
            var regular = IsRegular(entry);
            var read = data.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            var first = head.AsSpan(0, read);
            var gzip = regular && MaskedGzip.IsGzip(first);
            using var member = new Spooled(spool, inFile: gzip || entry.Length > InMemory);
            if (regular && !gzip && RedactedCopy.IsTextHead(first))
            {
                var masking = new RedactingWriter(member.Stream, redactor.ForStream());
                var whole = Copied(entry, data, first, buffer, masking.Write);
                masking.Complete();
                if (!whole)
                    throw Cut();
            }
            else if (!Copied(entry, data, first, buffer, member.Stream.Write))
            {
                throw Cut();
            }
            var masked = gzip
                ? member.Masked(redactor, maxBytes, entry.Name, cancellationToken)
                : null;
            entry.DataStream = masked ?? member.Reopened();
            writer.WriteEntry(entry);
        }
    }

    /// <summary>
    /// After the tar's end blocks: the rest of a tar's last record (zeros), then <paramref name="then"/> and nothing
    /// more. Other bytes would be lost by a rewrite, and a file is kept whole or not at all.
    /// </summary>
    /// <exception cref="UnmaskableFileException">Something else follows.</exception>
    public static void ExpectEnd(Stream rest, ReadOnlySpan<byte> then)
    {
        var buffer = new byte[1 << 16];
        var tail = new List<byte>();
        int read;
        while (tail.Count <= then.Length && (read = rest.Read(buffer)) > 0)
        {
            var part = buffer.AsSpan(0, read);
            if (tail.Count == 0)
                part = part[(part.IndexOfAnyExcept((byte)0) is var first and >= 0 ? first : part.Length)..];
            tail.AddRange(part);
        }
        if (!then.SequenceEqual(tail.ToArray()))
            throw new UnmaskableFileException("other bytes follow the end of its tar");
    }

    private static bool IsRegular(TarEntry entry) =>
        entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile;

    /// <summary>
    /// Writes <paramref name="head"/> and the rest of <paramref name="data"/>; false if it broke off.
    /// </summary>
    /// <remarks>A member's stream ends without a word where a cut-off archive ends: its length is checked.</remarks>
    private static bool Copied(TarEntry entry, Stream data, ReadOnlySpan<byte> head, byte[] buffer, Sink into)
    {
        into(head);
        long copied = head.Length;
        try
        {
            int read;
            while ((read = data.Read(buffer)) > 0)
            {
                into(buffer.AsSpan(0, read));
                copied += read;
            }
        }
        catch (EndOfStreamException)
        {
            return false;
        }
        return copied == entry.Length;
    }

    private static bool IsNotTar(Exception e) =>
        e is InvalidDataException or EndOfStreamException or FormatException or NotSupportedException;

    private static UnmaskableFileException NotTar(Exception e) => new($"it is not a whole tar ({e.Message})");

    private static UnmaskableFileException Cut() => new("it is not a whole tar (a member is cut off)");

    private delegate void Sink(ReadOnlySpan<byte> part);

    /// <summary>
    /// The archive as TarReader reads it, its headers read on the way. System.Formats.Tar holds a metadata entry (a
    /// GNU long name or link, a pax header) in memory whole, at about ten times its size (a 100 MiB name cost 938 MiB),
    /// so a tarball with one larger than <see cref="MaxMetadata"/> is refused before TarReader reads it. The headers
    /// are followed as TarReader follows them: each member's data is its size field's bytes, or the size a pax header
    /// gives it, padded to 512 (a folder's or a link's non-zero size TarReader refuses).
    /// </summary>
    /// <remarks>Written here: TarReader has no bound on metadata, and no other reader here has one either.</remarks>
    private sealed class Guarded(Stream inner) : ForwardOnlyStream
    {
        private const int Block = 512;
        private const int MaxMetadata = 1 << 20;

        private readonly byte[] header = new byte[Block];
        private int headerFill;
        private long dataLeft;
        private long? paxSize;
        private MemoryStream? pax;
        private bool global;

        public override bool CanRead => true;

        public override int Read(Span<byte> buffer)
        {
            var read = inner.Read(buffer);
            Watch(buffer[..read]);
            return read;
        }

        private void Watch(ReadOnlySpan<byte> bytes)
        {
            while (!bytes.IsEmpty)
            {
                if (dataLeft > 0)
                {
                    var skip = (int)Math.Min(dataLeft, bytes.Length);
                    pax?.Write(bytes[..(int)Math.Min(skip, MaxMetadata - pax.Length)]);
                    dataLeft -= skip;
                    bytes = bytes[skip..];
                    if (dataLeft == 0 && pax is not null)
                        Pax();
                    continue;
                }
                var part = Math.Min(Block - headerFill, bytes.Length);
                bytes[..part].CopyTo(header.AsSpan(headerFill));
                headerFill += part;
                bytes = bytes[part..];
                if (headerFill == Block)
                    Header();
            }
        }

        private void Header()
        {
            headerFill = 0;
            var type = header[156];
            var size = Size(header.AsSpan(124, 12));
            if (type is (byte)'L' or (byte)'K' or (byte)'x' or (byte)'g')
            {
                if (size > MaxMetadata)
                {
                    throw new UnmaskableFileException(string.Create(CultureInfo.InvariantCulture,
                        $"a member's {(type is (byte)'x' or (byte)'g' ? "pax header" : "long name")} is {size} "
                        + $"bytes, more than the {MaxMetadata / 1048576} MiB traas-ci reads of one"));
                }
                (pax, global) = (type is (byte)'x' or (byte)'g' ? new MemoryStream() : null, type == (byte)'g');
            }
            else if (paxSize is { } given)
            {
                (size, paxSize) = (given, null);
            }
            dataLeft = (size + Block - 1) / Block * Block;
            if (dataLeft == 0)
                pax = null;
        }

        /// <summary>A pax header read whole: the size it gives the next member.</summary>
        private void Pax()
        {
            var size = PaxSize(pax!.ToArray());
            pax = null;
            // A global header's size would hold for the members after it: no tar writes one, so none is followed.
            if (global && size is not null)
                throw new UnmaskableFileException("a pax global header gives the members a size");
            paxSize = global ? paxSize : size ?? paxSize;
        }

        /// <summary>A size field: octal digits after spaces or NULs, or GNU's base-256 (high bit set).</summary>
        private static long Size(ReadOnlySpan<byte> field)
        {
            long size = 0;
            if ((field[0] & 0x80) != 0)
            {
                foreach (var b in field[1..])
                    size = size > long.MaxValue >> 8 ? long.MaxValue : (size << 8) | b;
                return size;
            }
            var digits = field.TrimStart(" \0"u8);
            foreach (var b in digits)
            {
                if (b is < (byte)'0' or > (byte)'7')
                    break;
                size = size > long.MaxValue >> 3 ? long.MaxValue : (size << 3) | (long)(b - '0');
            }
            return size;
        }

        /// <summary>The "size" record of a pax header ("LENGTH size=VALUE\n"), if it has one.</summary>
        private static long? PaxSize(byte[] records)
        {
            foreach (var record in Encoding.UTF8.GetString(records).Split('\n'))
            {
                var space = record.IndexOf(' ', StringComparison.Ordinal);
                if (space > 0 && record.AsSpan(space + 1).StartsWith("size=", StringComparison.Ordinal)
                    && long.TryParse(record.AsSpan(space + 6), NumberStyles.None, CultureInfo.InvariantCulture,
                        out var size))
                    return size;
            }
            return null;
        }
    }

    /// <summary>
    /// A member's bytes in memory or in a file of their own, and a gzip member's masked copy; the streams this hands
    /// to a tar entry are its own, and its files are deleted with it.
    /// </summary>
    private sealed class Spooled(string spool, bool inFile) : IDisposable
    {
        private readonly string path = spool + "-member";
        private readonly List<Stream> opened = [];

        public Stream Stream { get; } = inFile
            ? new FileStream(spool + "-member", FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1 << 16)
            : new MemoryStream();

        private string MaskedPath => path + "-masked";

        /// <summary>The spooled bytes from their start.</summary>
        public Stream Reopened()
        {
            if (Stream is MemoryStream memory)
                return new MemoryStream(memory.GetBuffer(), 0, (int)memory.Length, writable: false);
            Stream.Dispose();
            return Opened(path);
        }

        /// <summary>The spooled gzip member masked, or null if it holds nothing to mask.</summary>
        public Stream? Masked(Redactor redactor, long maxBytes, string name, CancellationToken cancellationToken)
        {
            Stream.Dispose();
            try
            {
                return MaskedGzip.Mask(path, MaskedPath, redactor, maxBytes, cancellationToken, archives: false)
                    ? Opened(MaskedPath)
                    : null;
            }
            catch (UnmaskableFileException e)
            {
                throw new UnmaskableFileException($"its member {LocalName.Shown(name)}: {e.Message}");
            }
        }

        private FileStream Opened(string file)
        {
            var stream = MaskedGzip.Open(file);
            opened.Add(stream);
            return stream;
        }

        public void Dispose()
        {
            Stream.Dispose();
            foreach (var stream in opened)
                stream.Dispose();
            File.Delete(path);
            File.Delete(MaskedPath);
        }
    }
}

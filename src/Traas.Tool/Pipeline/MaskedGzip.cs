using System.IO.Compression;
using Traas.Reporting.Input;

namespace Traas.Tool.Pipeline;

/// <summary>
/// The text inside a collected gzip file masked, found by its content (RFC 1952's first bytes), whatever its name
/// (.txt.gz, as TripleO's collect-logs leaves most logs, .tgz, none). What is binary once inflated or holds nothing
/// to mask is kept byte for byte; text with a secret is inflated, masked as any collected text is
/// (<see cref="RedactingWriter"/>) and deflated again, and a tarball's members are masked (<see cref="MaskedTar"/>).
/// Members in a row are one file, as gzip reads them.
/// </summary>
/// <remarks>
/// Reads the file once to learn whether it must be masked (most need nothing, and stay as they came), and again to
/// write it. What it inflates to is bounded: a gzip bomb costs no more than the per-file limit of inflating.
/// </remarks>
internal static class MaskedGzip
{
    /// <summary>
    /// What follows the file when it is inflated to be written: it comes out only if the file's last member ended.
    /// </summary>
    private static readonly byte[] Marker = "traas-ci: the gzip file ended whole\n"u8.ToArray();

    private static readonly byte[] Sentinel = Deflated(Marker);

    /// <summary>What <see cref="Scan"/> gives for a tarball with a member to mask.</summary>
    private const long Tarball = -1;

    /// <summary>Whether <paramref name="head"/> is how a gzip file starts: ID1, ID2, and CM 8 (deflate).</summary>
    public static bool IsGzip(ReadOnlySpan<byte> head) => head is [0x1f, 0x8b, 8, ..];

    /// <summary>
    /// Writes <paramref name="path"/> masked into <paramref name="masked"/> if its text holds anything to mask.
    /// </summary>
    /// <returns>Whether <paramref name="masked"/> was written; if not, the file is fine as it came.</returns>
    /// <exception cref="UnmaskableFileException">
    /// It must be masked but cannot: it is not whole gzip, or inflates to more than <paramref name="maxBytes"/>.
    /// </exception>
    /// <param name="archives">Whether a tarball inside is opened (not for a gzip member of a tarball).</param>
    public static bool Mask(string path, string masked, Redactor redactor, long maxBytes,
        CancellationToken cancellationToken, bool archives = true)
    {
        try
        {
            var length = Scan(path, masked, redactor, maxBytes, archives, cancellationToken);
            if (length is null)
                return false;
            if (length == Tarball)
                RewriteTar(path, masked, redactor, maxBytes, cancellationToken);
            else
                Rewrite(path, masked, redactor, length.Value, cancellationToken);
            return true;
        }
        catch (InvalidDataException e)
        {
            throw new UnmaskableFileException($"it is not whole gzip ({e.Message})");
        }
    }

    /// <summary>
    /// How many bytes the file inflates to, if its text holds anything to mask; <see cref="Tarball"/> if it is a
    /// tarball with a member to mask; null if there is nothing to mask.
    /// </summary>
    private static long? Scan(string path, string spool, Redactor redactor, long maxBytes, bool archives,
        CancellationToken cancellationToken)
    {
        using var input = new GZipStream(Open(path), CompressionMode.Decompress);
        var buffer = new byte[1 << 16];
        var read = input.ReadAtLeast(buffer, RedactedCopy.TextProbe, throwOnEndOfStream: false);
        if (archives && MaskedTar.IsTar(buffer.AsSpan(0, read)))
        {
            using var tar = new Bounded(new GZipStream(Open(path), CompressionMode.Decompress), maxBytes);
            return MaskedTar.MustMask(tar, spool, redactor, maxBytes, cancellationToken) ? Tarball : null;
        }
        if (!RedactedCopy.IsTextHead(buffer.AsSpan(0, read)))
            return null;
        var scanner = new RedactingWriter(Stream.Null, redactor.ForStream());
        long length = 0;
        while (read > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            length += read;
            if (length > maxBytes)
                throw TooLarge(maxBytes);
            scanner.Write(buffer.AsSpan(0, read));
            read = input.Read(buffer);
        }
        scanner.Complete();
        return scanner.MaskedLines > 0 ? length : null;
    }

    /// <summary>
    /// Inflates the file followed by a member of its own, masks the first <paramref name="length"/> bytes into
    /// <paramref name="masked"/>, and then expects the marker: .NET's GZipStream ends a cut-off file without a word,
    /// and what was read of it must not come out as a whole file. A cut-off member reads the sentinel as its own
    /// deflate data, and what comes of that is not the marker.
    /// </summary>
    private static void Rewrite(string path, string masked, Redactor redactor, long length,
        CancellationToken cancellationToken)
    {
        using (var input = new GZipStream(new Followed(Open(path), Sentinel), CompressionMode.Decompress))
        using (var output = new FileStream(masked, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
        {
            using (var deflated = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
            {
                var writer = new RedactingWriter(deflated, redactor.ForStream());
                var buffer = new byte[1 << 16];
                for (var left = length; left > 0;)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var read = input.Read(buffer.AsSpan(0, (int)Math.Min(buffer.Length, left)));
                    if (read == 0)
                        throw new UnmaskableFileException("it changed while it was masked");
                    writer.Write(buffer.AsSpan(0, read));
                    left -= read;
                }
                writer.Complete();
            }
            var tail = new byte[Marker.Length + 1];
            if (input.ReadAtLeast(tail, tail.Length, throwOnEndOfStream: false) != Marker.Length
                || !tail.AsSpan(0, Marker.Length).SequenceEqual(Marker))
                throw Unended();
        }
    }

    /// <summary>The tarball inside, its members masked (<see cref="MaskedTar"/>), in gzip again.</summary>
    private static void RewriteTar(string path, string masked, Redactor redactor, long maxBytes,
        CancellationToken cancellationToken)
    {
        using var input = new Bounded(
            new GZipStream(new Followed(Open(path), Sentinel), CompressionMode.Decompress), maxBytes + Marker.Length);
        using (var output = new FileStream(masked, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
        using (var deflated = new GZipStream(output, CompressionLevel.Optimal))
            MaskedTar.Rewrite(input, deflated, masked, redactor, maxBytes, cancellationToken);
        try
        {
            MaskedTar.ExpectEnd(input, Marker);
        }
        catch (UnmaskableFileException)
        {
            throw Unended();
        }
    }

    private static UnmaskableFileException Unended() =>
        new("it does not end as gzip ends (it is cut off, or other bytes follow)");

    /// <summary>A file opened to be read through once.</summary>
    public static FileStream Open(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);

    private static UnmaskableFileException TooLarge(long maxBytes) =>
        new($"it inflates to more than the file size limit of {CollectStage.Mib(maxBytes)}");

    private static byte[] Deflated(byte[] content)
    {
        var bytes = new MemoryStream();
        using (var gzip = new GZipStream(bytes, CompressionLevel.Optimal, leaveOpen: true))
            gzip.Write(content);
        return bytes.ToArray();
    }

    /// <summary>What a file inflates to, read up to a limit: one more byte is the file over the limit.</summary>
    private sealed class Bounded(Stream inner, long maxBytes) : ForwardOnlyStream
    {
        private long read;

        public override bool CanRead => true;

        public override int Read(Span<byte> buffer)
        {
            var count = inner.Read(buffer);
            read += count;
            return read > maxBytes ? throw TooLarge(maxBytes) : count;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                inner.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>A file read on into a few bytes of our own. (No stream in .NET joins two.)</summary>
    private sealed class Followed(Stream first, byte[] then) : ForwardOnlyStream
    {
        private int taken;

        public override bool CanRead => true;

        public override int Read(Span<byte> buffer)
        {
            var read = first.Read(buffer);
            if (read > 0 || buffer.IsEmpty)
                return read;
            var part = Math.Min(buffer.Length, then.Length - taken);
            then.AsSpan(taken, part).CopyTo(buffer);
            taken += part;
            return part;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                first.Dispose();
            base.Dispose(disposing);
        }
    }
}

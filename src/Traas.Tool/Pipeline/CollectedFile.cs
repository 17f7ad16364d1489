using Traas.Reporting.Input;

namespace Traas.Tool.Pipeline;

/// <summary>
/// One collected file on its way into logs/. The node's bytes go to a temporary file beside the target, named
/// with <see cref="TemporaryPrefix"/>, so that a cut-off copy never looks whole; the walk leaves out the node's
/// own files of such names (<see cref="IsTemporaryName"/>), so that none can meet a temporary one. They are masked
/// on the way when the file is text (no NUL in its first 8 KiB, and a name not of <see
/// cref="RedactedCopy.IsCompressedName"/>); a gzip file or a tarball is masked when it is whole (<see
/// cref="MaskedGzip"/>, <see cref="MaskedTar"/>).
/// <see cref="Commit"/> moves the file into place. Disposed without a commit, nothing is left.
/// </summary>
/// <remarks>
/// Beside the target, not in a folder of collect's own: ext4 gives a new file an inode near its folder's, and one
/// made in another folder and moved cost the bench's 2,000 files 0.4 s more on disk (about 20%).
/// </remarks>
internal sealed class CollectedFile : ForwardOnlyStream
{
    /// <summary>How collect's temporary files are named; the node's files of such names are left out.</summary>
    public const string TemporaryPrefix = ".traas-collecting-";

    private static int count;

    private readonly string temporary;
    private readonly string target;
    private readonly FileStream file;
    private readonly Redactor? redactor;
    private readonly long maxBytes;
    private byte[]? head = new byte[RedactedCopy.TextProbe];
    private int headLength;
    private RedactingWriter? writer;
    private bool gzip;
    private bool tar;
    private bool committed;

    /// <param name="target">Where the file goes.</param>
    /// <param name="redactor">Masks text files; null keeps every byte (the run's working copy of traas.log).</param>
    /// <param name="maxBytes">What a gzip file may inflate to, to be masked (the per-file limit).</param>
    public CollectedFile(string target, Redactor? redactor, long maxBytes)
    {
        var folder = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(folder);
        temporary = Path.Combine(folder,
            $"{TemporaryPrefix}{Environment.ProcessId}-{Interlocked.Increment(ref count)}");
        this.target = target;
        this.redactor = redactor is null || RedactedCopy.IsCompressedName(target) ? null : redactor;
        this.maxBytes = maxBytes;
        file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
    }

    /// <summary>The bytes the node sent so far (what the limits count, whatever masking makes of them).</summary>
    public long Received { get; private set; }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Received += buffer.Length;
        if (head is not null)
        {
            var part = Math.Min(buffer.Length, head.Length - headLength);
            buffer[..part].CopyTo(head.AsSpan(headLength));
            headLength += part;
            buffer = buffer[part..];
            if (headLength < head.Length)
                return;
            Decide();
        }
        if (buffer.IsEmpty)
            return;
        if (writer is not null)
            writer.Write(buffer);
        else
            file.Write(buffer);
    }

    /// <summary>The file is whole: it is written out and moved into place (over an older copy).</summary>
    /// <exception cref="UnmaskableFileException">
    /// A gzip file or a tarball must be masked and cannot be: nothing is left.
    /// </exception>
    public void Commit(CancellationToken cancellationToken)
    {
        if (head is not null)
            Decide();
        writer?.Complete();
        file.Dispose();
        var masked = gzip
            ? MaskedGzip.Mask(temporary, Masked, redactor!, maxBytes, cancellationToken)
            : tar && MaskedTar.Mask(temporary, Masked, redactor!, maxBytes, cancellationToken);
        File.Move(masked ? Masked : temporary, target, overwrite: true);
        committed = true;
        if (masked)
            File.Delete(temporary);
    }

    /// <summary>Where a gzip file or a tarball is written masked (a temporary name too).</summary>
    private string Masked => temporary + "-masked";

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            file.Dispose();
            if (!committed)
            {
                File.Delete(temporary);
                File.Delete(Masked);
            }
        }
        base.Dispose(disposing);
    }

    /// <summary>
    /// Text (no NUL in the first bytes) is masked from here on, gzip and tar once they are whole; anything else is
    /// kept as it is.
    /// </summary>
    private void Decide()
    {
        var first = head.AsSpan(0, headLength);
        gzip = redactor is not null && MaskedGzip.IsGzip(first);
        tar = redactor is not null && !gzip && MaskedTar.IsTar(first);
        if (redactor is not null && !gzip && !tar && RedactedCopy.IsTextHead(first))
            writer = new RedactingWriter(file, redactor.ForStream());
        if (writer is not null)
            writer.Write(first);
        else
            file.Write(first);
        head = null;
    }

    public override bool CanWrite => true;

    /// <summary>
    /// Removes the temporary files below <paramref name="folder"/> that a collect killed on its way (kill -9, a
    /// runner's cancel) left behind, so that no cut-off copy is uploaded with the artifacts: those whose process
    /// (the name's first number) no longer runs. A live process's files are its own, and stay.
    /// </summary>
    /// <returns>How many were removed.</returns>
    public static int RemoveLeftovers(string folder, bool recursive)
    {
        if (!Directory.Exists(folder))
            return 0;
        var removed = 0;
        // Dot files are Hidden to .NET on Unix, and skipped by default.
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = recursive,
            IgnoreInaccessible = true,
            AttributesToSkip = FileAttributes.None,
        };
        foreach (var path in Directory.EnumerateFiles(folder, TemporaryPrefix + "*", options))
        {
            var rest = Path.GetFileName(path).AsSpan(TemporaryPrefix.Length);
            var dash = rest.IndexOf('-');
            if (dash <= 0 || !int.TryParse(rest[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                || Running(pid))
                continue;
            File.Delete(path);
            removed++;
        }
        return removed;
    }

    private static bool Running(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Whether a file's <paramref name="name"/> (no folder) is one collect keeps for itself.</summary>
    public static bool IsTemporaryName(string name) => name.StartsWith(TemporaryPrefix, StringComparison.Ordinal);
}

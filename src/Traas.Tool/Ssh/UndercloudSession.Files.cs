using System.Runtime.CompilerServices;
using Renci.SshNet.Common;
using Renci.SshNet.Sftp;

namespace Traas.Tool.Ssh;

/// <summary>Reading the node's files: only regular files, within the bytes asked for; walking its folders.</summary>
internal sealed partial class UndercloudSession
{
    /// <summary>
    /// Reads from <paramref name="offset"/> towards the end of the file as it is now, at most
    /// <paramref name="maxBytes"/>, handing each piece to <paramref name="piece"/>; nothing if it does
    /// not exist yet. Only a regular file is opened: a FIFO or a device would never end.
    /// </summary>
    public async Task<long> ReadFromAsync(string path, long offset, long maxBytes, Action<ReadOnlyMemory<byte>> piece,
        CancellationToken cancellationToken)
    {
        if (await RegularFileAsync(path, cancellationToken).ConfigureAwait(false) is null)
            return 0;
        var stream = await Connected.OpenAsync(path, FileMode.Open, FileAccess.Read, cancellationToken)
            .ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            stream.Seek(offset, SeekOrigin.Begin);
            var buffer = new byte[256 * 1024];
            long total = 0;
            int read;
            while (total < maxBytes
                && (read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, maxBytes - total)),
                    cancellationToken).ConfigureAwait(false)) > 0)
            {
                piece(buffer.AsMemory(0, read));
                total += read;
            }
            return total;
        }
    }

    /// <summary>
    /// A small file (the exit marker): null when it does not exist, else its first bytes, at most
    /// <paramref name="maxBytes"/> (and whether there was more).
    /// </summary>
    /// <exception cref="RemoteFileException">It is not a regular file.</exception>
    public async Task<(byte[] Bytes, bool More)?> ReadSmallAsync(string path, int maxBytes,
        CancellationToken cancellationToken)
    {
        if (await RegularFileAsync(path, cancellationToken).ConfigureAwait(false) is null)
            return null;
        var stream = await Connected.OpenAsync(path, FileMode.Open, FileAccess.Read, cancellationToken)
            .ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            // One byte more than asked for, to know there was more; never the whole file.
            var buffer = new byte[maxBytes + 1];
            var length = 0;
            int read;
            while (length < buffer.Length
                && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)
                    .ConfigureAwait(false)) > 0)
                length += read;
            return (buffer[..Math.Min(length, maxBytes)], length > maxBytes);
        }
    }

    /// <summary>
    /// Copies a regular file to <paramref name="destination"/>, at most <paramref name="maxBytes"/>:
    /// the SFTP server's word on the size is not trusted, the bytes are counted.
    /// </summary>
    /// <returns>
    /// The bytes copied, or null when the file is longer than <paramref name="maxBytes"/>
    /// (the copy is then incomplete).
    /// </returns>
    public async Task<long?> CopyAsync(string path, Stream destination, long maxBytes,
        CancellationToken cancellationToken)
    {
        var attributes = await RegularFileAsync(path, cancellationToken).ConfigureAwait(false)
            ?? throw new SftpPathNotFoundException($"{path} is gone");
        if (attributes.Size > maxBytes)
            return null;
        long total = 0;
        var copied = await ReadFromAsync(path, 0, maxBytes + 1, piece =>
        {
            total += piece.Length;
            if (total <= maxBytes)
                destination.Write(piece.Span);
        }, cancellationToken).ConfigureAwait(false);
        return copied > maxBytes ? null : copied;
    }

    /// <summary>The attributes of a regular file; null when there is no such file.</summary>
    /// <exception cref="RemoteFileException">It is a FIFO, a device, a socket or a folder.</exception>
    private async Task<SftpFileAttributes?> RegularFileAsync(string path, CancellationToken cancellationToken)
    {
        SftpFileAttributes attributes;
        try
        {
            attributes = await Connected.GetAttributesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (SftpPathNotFoundException)
        {
            return null;
        }
        if (attributes.IsRegularFile)
            return attributes;
        var kind = attributes.IsNamedPipe ? "a FIFO"
            : attributes.IsCharacterDevice || attributes.IsBlockDevice ? "a device"
            : attributes.IsSocket ? "a socket"
            : attributes.IsDirectory ? "a folder" : "not a regular file";
        throw new RemoteFileException(path, $"is {kind}, not a regular file; it is not read");
    }

    /// <summary>
    /// The regular files under a folder, depth first in name order, with their paths relative to it,
    /// within <paramref name="limits"/> (a hostile tree may never end). Symbolic links, FIFOs,
    /// devices and names that could leave the folder are skipped. A folder that does not exist is
    /// empty (and said so). <paramref name="limitReached"/> hears of the limit reached and where.
    /// </summary>
    public async IAsyncEnumerable<(ISftpFile File, string Relative)> WalkAsync(string folder, WalkLimits limits,
        Action<WalkLimit, string> limitReached, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var files = 0;
        var pending = new Stack<(string Folder, string Prefix, int Depth)>();
        pending.Push((folder, "", 0));
        while (pending.TryPop(out var current))
        {
            var entries = new List<ISftpFile>();
            try
            {
                var listing = Connected.ListDirectoryAsync(current.Folder, cancellationToken);
                await foreach (var entry in listing.ConfigureAwait(false))
                {
                    // A folder of millions of names is not listed to its end ("." and ".." come too).
                    if (entries.Count > limits.MaxFiles + 2)
                    {
                        limitReached(WalkLimit.Files, $"{current.Prefix}, listed in part");
                        break;
                    }
                    entries.Add(entry);
                }
            }
            catch (SftpPathNotFoundException) when (current.Depth == 0)
            {
                log.Warning("nothing to collect under {Folder}: it does not exist", folder);
                yield break;
            }
            var folders = new List<(string, string, int)>();
            foreach (var entry in entries.OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                if (!SafeName(entry.Name))
                    continue;
                var relative = current.Prefix + entry.Name;
                if (entry.IsDirectory)
                {
                    if (current.Depth + 1 > limits.MaxDepth)
                    {
                        limitReached(WalkLimit.Depth, relative);
                        yield break;
                    }
                    folders.Add((entry.FullName, relative + "/", current.Depth + 1));
                }
                else if (entry.IsRegularFile)
                {
                    if (++files > limits.MaxFiles)
                    {
                        limitReached(WalkLimit.Files, relative);
                        yield break;
                    }
                    yield return (entry, relative);
                }
            }
            // Pushed in reverse, so that folders are walked in name order.
            for (var i = folders.Count - 1; i >= 0; i--)
                pending.Push(folders[i]);
        }
    }

    /// <summary>
    /// A name of one path element, as a folder listing should give: nothing that climbs out or hides a path.
    /// </summary>
    private static bool SafeName(string name) =>
        name.Length > 0 && name is not ("." or "..") && name.IndexOfAny(['/', '\0']) < 0;
}

using Renci.SshNet.Common;
using Renci.SshNet.Sftp;

namespace Traas.Tool.Ssh;

/// <summary>Reading the node's files: only regular files, within the bytes asked for.</summary>
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
}

using Traas.Reporting.Input;

namespace Traas.Tool.Pipeline;

/// <summary>
/// Copies a file with its secrets masked (<see cref="Redactor"/>), line by line and streaming. The
/// bytes are read as Latin-1, one character per byte, so that every byte outside a masked secret is
/// kept as it was, whatever the file's encoding. A line longer than <see cref="MaxLine"/> is masked
/// in pieces of that size (a secret across two pieces is not seen: no real log has such lines).
/// </summary>
internal static class RedactedCopy
{
    public const int MaxLine = 1024 * 1024;

    /// <summary>How many first bytes must hold no NUL for a file to be text.</summary>
    public const int TextProbe = 8192;

    /// <summary>Whether a file that starts with <paramref name="head"/> is text: no NUL in its first bytes.</summary>
    public static bool IsTextHead(ReadOnlySpan<byte> head) =>
        head[..Math.Min(head.Length, TextProbe)].IndexOf((byte)0) < 0;

    /// <summary>
    /// Whether a file's name says it is compressed in a way traas-ci does not inflate, or a zip archive: its bytes are
    /// kept as they are. (Gzip and tar are known by their content: <see cref="MaskedGzip"/>, <see cref="MaskedTar"/>.)
    /// </summary>
    public static bool IsCompressedName(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".xz" or ".bz2" or ".zst" or ".zip";

    /// <summary>
    /// Writes <paramref name="target"/> (whole or not at all) from <paramref name="source"/>, masked.
    /// </summary>
    public static async Task CopyAsync(string source, string target, Redactor redactor,
        CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(target);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".redacting";
        try
        {
            var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16,
                FileOptions.SequentialScan);
            await using (input.ConfigureAwait(false))
            {
                var output = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
                await using (output.ConfigureAwait(false))
                {
                    var writer = new RedactingWriter(output, redactor.ForLatin1().ForStream());
                    var buffer = new byte[1 << 16];
                    int read;
                    while ((read = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                        writer.Write(buffer.AsSpan(0, read));
                    writer.Complete();
                }
            }
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}

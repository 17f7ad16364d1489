using System.Text;
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

    /// <summary>Whether a file is text worth masking: no NUL in its first bytes, and not compressed.</summary>
    public static bool IsText(string path)
    {
        var name = path.ToLowerInvariant();
        if (name.EndsWith(".gz", StringComparison.Ordinal) || name.EndsWith(".xz", StringComparison.Ordinal)
            || name.EndsWith(".bz2", StringComparison.Ordinal) || name.EndsWith(".zst", StringComparison.Ordinal)
            || name.EndsWith(".zip", StringComparison.Ordinal) || name.EndsWith(".tar", StringComparison.Ordinal))
            return false;
        using var stream = File.OpenRead(path);
        Span<byte> head = stackalloc byte[8192];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return head[..read].IndexOf((byte)0) < 0;
    }

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
                    await CopyAsync(input, output, redactor.ForLatin1().ForStream(), cancellationToken)
                        .ConfigureAwait(false);
            }
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static async Task CopyAsync(Stream input, Stream output, LineRedactor redactor,
        CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(input, Encoding.Latin1, detectEncodingFromByteOrderMarks: false, 1 << 16);
        var writer = new StreamWriter(output, Encoding.Latin1, 1 << 16);
        await using (writer.ConfigureAwait(false))
        {
            var buffer = new char[1 << 16];
            var line = new StringBuilder();
            int read;
            while ((read = await reader.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                var start = 0;
                for (var i = 0; i < read; i++)
                {
                    if (buffer[i] != '\n')
                        continue;
                    line.Append(buffer, start, i - start);
                    await writer.WriteAsync(redactor.Redact(line.ToString())).ConfigureAwait(false);
                    writer.Write('\n');
                    line.Clear();
                    start = i + 1;
                }
                line.Append(buffer, start, read - start);
                if (line.Length >= MaxLine)
                {
                    await writer.WriteAsync(redactor.Redact(line.ToString())).ConfigureAwait(false);
                    line.Clear();
                }
            }
            if (line.Length > 0)
                await writer.WriteAsync(redactor.Redact(line.ToString())).ConfigureAwait(false);
        }
    }
}

using System.IO.Compression;

namespace Traas.Tool.Pipeline;

/// <summary>
/// How one file of the run goes to Swift: its Content-Type, its Content-Encoding, and whether it is gzip-compressed
/// on the way up (text shrinks several times over, and a browser decodes it).
/// </summary>
/// <remarks>
/// Only the pages traas-ci writes itself are served as what they are (console.html, index.html, junit.xml, ...,
/// at the top or in attempts/N/). Everything else came from the node (logs/, traas.log), which ran the pull
/// request's code: an HTML page or SVG of its (an ara-report, or one made to look like this project's) served as
/// such would run its script on the same origin as every run's console page, for the whole retention. So the
/// node's files are text/plain, which no current browser turns into a page (text/plain is at most told apart
/// from binary: https://mimesniff.spec.whatwg.org/#sniffing-a-mislabeled-binary-resource), or
/// application/octet-stream, a download, whatever their names.
/// There is no X-Content-Type-Options: nosniff: Swift's object server (swift/obj/server.py) keeps only the
/// headers of its allowed_headers (by default Content-Disposition, Content-Encoding, Cache-Control,
/// Content-Language, Expires, X-Robots-Tag, ...) and drops the rest without a word. Nor Content-Disposition:
/// attachment: the tempurl middleware replaces it with the link's `inline`, so it would hold only in a public
/// container.
/// </remarks>
internal sealed record HostedType(string ContentType, string? ContentEncoding, bool Compress)
{
    private const string Text = "text/plain; charset=utf-8";

    private static readonly HostedType Binary = new("application/octet-stream", null, false);

    /// <summary>What traas-ci writes in the artifacts folder, and moves to attempts/N/ for a retried attempt.</summary>
    private static readonly HashSet<string> ToolFiles =
        new([.. ArtifactFiles.Reports, .. ArtifactFiles.Diffs, ArtifactFiles.Index], StringComparer.Ordinal);

    /// <summary>
    /// The type of the file at <paramref name="path"/>, hosted as <paramref name="name"/> (relative to the
    /// artifacts folder, '/'-separated): by its name if traas-ci wrote it, else by its content.
    /// </summary>
    public static HostedType Of(string name, string path) => IsToolFile(name) ? ToolType(name) : NodeType(path);

    /// <summary>Whether traas-ci wrote the file: one of its names at the top, or in an attempt's folder.</summary>
    public static bool IsToolFile(string name) => name.Split('/') switch
    {
        [var file] => ToolFiles.Contains(file),
        [ArtifactFiles.AttemptsFolder, var attempt, var file] =>
            attempt.Length > 0 && attempt.All(char.IsAsciiDigit) && ToolFiles.Contains(file),
        _ => false,
    };

    private static HostedType ToolType(string name) => Path.GetExtension(name) switch
    {
        ".html" => new("text/html; charset=utf-8", "gzip", true),
        ".json" => new("application/json", "gzip", true),
        ".xml" => new("application/xml", "gzip", true),
        // Markdown as text: a browser downloads text/markdown.
        _ => new(Text, "gzip", true),
    };

    /// <summary>
    /// Text (no NUL in its first bytes, <see cref="RedactedCopy.IsTextHead"/>) or binary. Gzip (as collect-logs
    /// leaves most of a TripleO job's logs, *.txt.gz) is known by its content too: if it inflates to text it goes
    /// up as it is, gzip-encoded, and a browser shows the text; a tarball is binary.
    /// </summary>
    private static HostedType NodeType(string path)
    {
        var head = Head(File.OpenRead(path));
        if (MaskedGzip.IsGzip(head))
            return InflatesToText(path) ? new(Text, "gzip", false) : Binary;
        return RedactedCopy.IsTextHead(head) ? new(Text, "gzip", true) : Binary;
    }

    private static bool InflatesToText(string path)
    {
        try
        {
            return RedactedCopy.IsTextHead(Head(new GZipStream(File.OpenRead(path), CompressionMode.Decompress)));
        }
        catch (InvalidDataException)
        {
            // Gzip's first bytes and then no deflate data: a browser could not decode it either.
            return false;
        }
    }

    private static byte[] Head(Stream stream)
    {
        using (stream)
        {
            var head = new byte[RedactedCopy.TextProbe];
            return head[..stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)];
        }
    }
}

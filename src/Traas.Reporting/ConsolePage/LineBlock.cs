using System.IO.Compression;

namespace Traas.Reporting.ConsolePage;

/// <summary>
/// One block of console.html's lines, gzip-compressed as it is written and then stored base64 in an
/// inert script element: one line per log line, a class letter and then the HTML-encoded text. The
/// element's attributes say what the page needs without inflating it: the first line's number, the
/// number of lines, and the tasks that end in the block. Only the compressed bytes of the open block
/// are held (its lines are bounded by the writer), and the buffers are reused from block to block.
/// </summary>
internal sealed class LineBlock : TextWriter
{
    public const string ElementType = "text/x-traas-gz";

    // zlib-ng's default level: on real TripleO logs about a third smaller than Fastest (whose quick
    // deflate keeps pages near 0.25x the log), for about a tenth more of the report's CPU time.
    private const CompressionLevel Level = CompressionLevel.Optimal;
    private const int CharChunk = 16 * 1024;
    private const int Base64Bytes = 48 * 1024;
    private const int KeptCapacity = 4 * 1024 * 1024;

    private readonly Encoder _utf8 = new UTF8Encoding(false).GetEncoder();
    private readonly char[] _chars = new char[CharChunk];
    private readonly byte[] _bytes = new byte[Encoding.UTF8.GetMaxByteCount(CharChunk)];
    private readonly char[] _base64 = new char[Base64Bytes / 3 * 4];
    private readonly StringBuilder _tasks = new();
    private MemoryStream _compressed = new();
    private GZipStream? _gzip;
    private int _charCount;

    public override Encoding Encoding => Encoding.UTF8;

    public bool IsOpen { get; private set; }

    public long FirstLine { get; private set; }

    public int LineCount { get; private set; }

    /// <summary>Characters of encoded text in the block, for the writer's bound.</summary>
    public long CharCount { get; private set; }

    public void Open(long firstLine)
    {
        IsOpen = true;
        FirstLine = firstLine;
        LineCount = 0;
        CharCount = 0;
        _tasks.Clear();
        if (_compressed.Capacity > KeptCapacity)
            _compressed = new MemoryStream();
        _compressed.SetLength(0);
    }

    /// <summary>Counts a line whose class letter and text follow.</summary>
    public void StartLine() => LineCount++;

    /// <summary>A task that ends in this block: the page lists it without inflating any block.</summary>
    public void AddTask(long first, long last, bool failed, string title)
    {
        if (_tasks.Length > 0)
            _tasks.Append('\n');
        _tasks.Append(CultureInfo.InvariantCulture, $"{first} {last} {(failed ? 1 : 0)} ");
        using var encoded = new StringWriter(_tasks, CultureInfo.InvariantCulture);
        HtmlText.Write(encoded, title);
    }

    public override void Write(char value)
    {
        if (_charCount == _chars.Length)
            Drain(flush: false);
        _chars[_charCount++] = value;
        CharCount++;
    }

    public override void Write(string? value) => Write(value.AsSpan());

    public override void Write(ReadOnlySpan<char> buffer)
    {
        CharCount += buffer.Length;
        while (!buffer.IsEmpty)
        {
            if (_charCount == _chars.Length)
                Drain(flush: false);
            var take = Math.Min(buffer.Length, _chars.Length - _charCount);
            buffer[..take].CopyTo(_chars.AsSpan(_charCount));
            _charCount += take;
            buffer = buffer[take..];
        }
    }

    /// <summary>Writes the block's element to the page and closes the block.</summary>
    public void WriteTo(TextWriter page)
    {
        Drain(flush: true);
        _gzip?.Dispose();
        _gzip = null;
        page.Write(string.Create(CultureInfo.InvariantCulture,
            $"<script type=\"{ElementType}\" data-first=\"{FirstLine}\" data-lines=\"{LineCount}\""));
        if (_tasks.Length > 0)
        {
            page.Write(" data-tasks=\"");
            page.Write(_tasks);
            page.Write('"');
        }
        page.Write('>');
        var compressed = _compressed.GetBuffer().AsSpan(0, (int)_compressed.Length);
        while (!compressed.IsEmpty)
        {
            var take = Math.Min(compressed.Length, Base64Bytes);
            Convert.TryToBase64Chars(compressed[..take], _base64, out var written);
            page.Write(_base64.AsSpan(0, written));
            compressed = compressed[take..];
        }
        page.Write("</script>");
        IsOpen = false;
    }

    private void Drain(bool flush)
    {
        if (_charCount == 0 && (!flush || _gzip is null))
            return;
        _gzip ??= new GZipStream(_compressed, Level, leaveOpen: true);
        var count = _utf8.GetBytes(_chars.AsSpan(0, _charCount), _bytes, flush);
        _gzip.Write(_bytes, 0, count);
        _charCount = 0;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gzip?.Dispose();
            _compressed.Dispose();
        }
        base.Dispose(disposing);
    }
}
